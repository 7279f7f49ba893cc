/**
 * Testing Mmate handlers: an in-process harness that runs the real dispatch and failure decisions without a broker,
 * AssertJ assertions for messages, and a broker-backed mode.
 */
package io.mmate.test;
