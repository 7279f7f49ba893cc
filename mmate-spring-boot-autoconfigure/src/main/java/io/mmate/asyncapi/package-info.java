/**
 * The AsyncAPI 3.0 document of a service: its handlers as receive operations, the messages it sends as send
 * operations, on the Mmate exchanges and routing keys.
 */
package io.mmate.asyncapi;
