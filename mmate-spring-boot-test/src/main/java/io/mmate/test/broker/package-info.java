/**
 * Broker-backed tests of Mmate handlers: a RabbitMQ broker from Testcontainers, or the local one where no Docker
 * engine answers, connected the Spring Boot way, and a {@link io.mmate.test.broker.BrokerProbe} that publishes
 * envelopes as Go services write them and reads what arrives on queues.
 */
package io.mmate.test.broker;
