package io.mmate.outbox;

import java.time.Instant;

import com.rabbitmq.client.AMQP;

/**
 * One row of the outbox: an encoded message and where to publish it.
 *
 * @param id the row id, increasing in the order the rows were written
 * @param messageId the message id
 * @param exchange the exchange
 * @param routingKey the routing key
 * @param mandatory whether an unroutable message fails
 * @param orderingKey the key whose rows are published one after the other in id order, {@code null} for none
 * @param properties the AMQP properties, headers included
 * @param body the body
 * @param createdAt when the row was written
 */
public record OutboxRecord(long id, String messageId, String exchange, String routingKey, boolean mandatory,
		String orderingKey, AMQP.BasicProperties properties, byte[] body, Instant createdAt) {

}
