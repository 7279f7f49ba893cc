/**
 * The Mmate wire envelope: its JSON codec, header names and the registry of message type names.
 */
package io.mmate.envelope;
