/**
 * JSON Schemas of message classes, for contract announcements and the AsyncAPI document.
 */
package io.mmate.schema;
