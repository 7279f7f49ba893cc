package io.mmate.outbox;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.AMQImpl;

/**
 * Stores AMQP properties as the RabbitMQ client puts them on the wire (a content header frame's payload), so that a
 * message published from the outbox carries exactly the properties and header values it was written with.
 */
final class AmqpPropertiesEncoding {

	private AmqpPropertiesEncoding() {
	}

	static byte[] encode(AMQP.BasicProperties properties) {
		try {
			return properties.toFrame(0, 0).getPayload();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not encode the AMQP properties of message '"
					+ properties.getMessageId() + "'", ex);
		}
	}

	static AMQP.BasicProperties decode(byte[] encoded) {
		try {
			return (AMQP.BasicProperties) AMQImpl
				.readContentHeaderFrom(new DataInputStream(new ByteArrayInputStream(encoded)));
		}
		catch (IOException | ClassCastException ex) {
			throw new IllegalStateException("Could not decode the AMQP properties of an outbox row", ex);
		}
	}

}
