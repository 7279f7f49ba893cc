/**
 * The {@code mmate} health indicator: the connection, the service-queue listener and its circuit breaker, and the
 * depth of the service queue and its dead-letter queue.
 */
package io.mmate.health;
