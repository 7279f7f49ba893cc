/**
 * The {@code mmate} health indicator: the connection, the service-queue listener and its circuit breaker, the depth
 * of the service queue and its dead-letter queue, and, from the RabbitMQ management API, the cluster.
 */
package io.mmate.health;
