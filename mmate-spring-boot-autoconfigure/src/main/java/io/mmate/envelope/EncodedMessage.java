package io.mmate.envelope;

import com.rabbitmq.client.AMQP;

/**
 * An encoded message ready to publish with the RabbitMQ client.
 *
 * @param body the JSON envelope
 * @param properties the AMQP properties, headers included
 */
public record EncodedMessage(byte[] body, AMQP.BasicProperties properties) {

}
