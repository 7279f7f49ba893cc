package io.mmate.integration;

import java.util.Map;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;

import org.springframework.amqp.core.Message;

/**
 * Publishes a StageFlow message as Go's AMQP client does: the envelope's headers in the header table, persistent,
 * JSON, through the default exchange to the stage's queue, confirmed.
 */
final class GoStagePublisher {

	private GoStagePublisher() {
	}

	static void publish(Channel channel, Message go, String queue) throws Exception {
		AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
			.deliveryMode(2)
			.headers(Map.copyOf(go.getMessageProperties().getHeaders()))
			.build();
		channel.confirmSelect();
		channel.basicPublish("", queue, true, properties, go.getBody());
		channel.waitForConfirmsOrDie(10_000);
	}

}
