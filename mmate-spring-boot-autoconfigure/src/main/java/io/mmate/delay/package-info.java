/**
 * Broker-side delayed delivery: the delayed-message exchange when the broker has that plugin, otherwise a fixed
 * topology of TTL level queues.
 */
package io.mmate.delay;
