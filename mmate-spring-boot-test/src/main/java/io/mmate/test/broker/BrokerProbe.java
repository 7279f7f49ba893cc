package io.mmate.test.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Binding.DestinationType;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.util.Assert;

/**
 * What a broker-backed test does on the broker beside the application: publish envelopes as a Go service writes them
 * ({@link GoEnvelope}), read what arrives on a queue as {@link ReceivedEnvelope envelopes} within a bound, and declare
 * temporary queues, such as the reply queue of a request. {@link MmateBrokerConfiguration} provides one on the test's
 * connection; {@code new BrokerProbe(connectionFactory, jsonMapper)} makes one anywhere else.
 *
 * <p>Reading a queue consumes its messages. Every wait is bounded: a wait that runs out fails the test with an
 * {@link AssertionError} that says what was expected and what arrived.
 */
public class BrokerProbe {

	private final RabbitTemplate template;

	private final RabbitAdmin admin;

	private final JsonMapper json;

	/**
	 * A probe on a connection to the broker.
	 * @param connectionFactory the connection factory, such as the application's
	 * @param json the mapper that writes payloads and reads envelopes
	 */
	public BrokerProbe(ConnectionFactory connectionFactory, JsonMapper json) {
		Assert.notNull(connectionFactory, "connectionFactory must not be null");
		Assert.notNull(json, "json must not be null");
		this.template = new RabbitTemplate(connectionFactory);
		this.admin = new RabbitAdmin(connectionFactory);
		this.json = json;
	}

	/**
	 * Publish an envelope where a Go service publishes its kind: a command to {@code mmate.commands}, an event to
	 * {@code mmate.events}, a query to {@code mmate.queries}, with Go's routing key.
	 * @param envelope the envelope
	 * @throws IllegalStateException for a reply: use {@link #sendToQueue(String, GoEnvelope)}
	 */
	public void publish(GoEnvelope envelope) {
		publish(envelope.exchange(), envelope.routingKey(), envelope);
	}

	/**
	 * Publish an envelope to an exchange.
	 * @param exchange the exchange, {@code ""} for the default exchange
	 * @param routingKey the routing key
	 * @param envelope the envelope
	 */
	public void publish(String exchange, String routingKey, GoEnvelope envelope) {
		send(exchange, routingKey, envelope.toMessage(this.json));
	}

	/**
	 * Send an envelope straight to a queue, through the default exchange, as a Go service sends a reply.
	 * @param queue the queue
	 * @param envelope the envelope
	 */
	public void sendToQueue(String queue, GoEnvelope envelope) {
		publish("", queue, envelope);
	}

	/**
	 * Send any AMQP message, such as one that is not an envelope at all.
	 * @param exchange the exchange, {@code ""} for the default exchange
	 * @param routingKey the routing key
	 * @param message the message
	 */
	public void send(String exchange, String routingKey, Message message) {
		this.template.send(exchange, routingKey, message);
	}

	/**
	 * Await the next message of a queue.
	 * @param queue the queue
	 * @param timeout how long to wait at most
	 * @return the message
	 * @throws AssertionError if none arrives in time
	 */
	public ReceivedEnvelope awaitEnvelope(String queue, Duration timeout) {
		return awaitEnvelopes(queue, 1, timeout).get(0);
	}

	/**
	 * Await the next {@code count} messages of a queue.
	 * @param queue the queue
	 * @param count how many
	 * @param timeout how long to wait for all of them at most
	 * @return the messages, in the order the queue delivered them
	 * @throws AssertionError if fewer arrive in time
	 */
	public List<ReceivedEnvelope> awaitEnvelopes(String queue, int count, Duration timeout) {
		Assert.isTrue(count > 0, "count must be positive");
		long deadline = System.nanoTime() + timeout.toNanos();
		List<ReceivedEnvelope> received = new ArrayList<>();
		while (received.size() < count) {
			Message message = receive(queue, deadline);
			if (message == null) {
				throw new AssertionError("Expected " + count + " message(s) on queue '" + queue + "' within "
						+ timeout.toMillis() + " ms, got " + received.size() + ": " + received);
			}
			received.add(new ReceivedEnvelope(message, this.json));
		}
		return received;
	}

	/**
	 * Await the first message of a queue that matches, consuming (and so dropping) the ones before it.
	 * @param queue the queue
	 * @param matching what the message must satisfy
	 * @param timeout how long to wait at most
	 * @return the message
	 * @throws AssertionError if none that matches arrives in time
	 */
	public ReceivedEnvelope awaitEnvelope(String queue, Predicate<ReceivedEnvelope> matching, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<ReceivedEnvelope> skipped = new ArrayList<>();
		while (true) {
			Message message = receive(queue, deadline);
			if (message == null) {
				throw new AssertionError("Expected a matching message on queue '" + queue + "' within "
						+ timeout.toMillis() + " ms; dropped " + skipped.size() + " that did not match: " + skipped);
			}
			ReceivedEnvelope envelope = new ReceivedEnvelope(message, this.json);
			if (matching.test(envelope)) {
				return envelope;
			}
			skipped.add(envelope);
		}
	}

	/**
	 * The number of messages a queue holds ready for delivery, as the broker counts them now.
	 * @param queue the queue
	 * @return the count
	 * @throws IllegalStateException if there is no such queue
	 */
	public long messageCount(String queue) {
		QueueInformation information = this.admin.getQueueInfo(queue);
		if (information == null) {
			throw new IllegalStateException("No queue '" + queue + "' on the broker");
		}
		return information.getMessageCount();
	}

	/**
	 * Remove every message of a queue.
	 * @param queue the queue
	 */
	public void purge(String queue) {
		this.admin.purgeQueue(queue, false);
	}

	/**
	 * Declare a reply queue named as Go's request/reply bridge names it, {@code bridge.reply.{8 characters}},
	 * exclusive to this connection and deleted when it closes. Close it to delete it at once.
	 * @return the queue
	 */
	public TemporaryQueue declareReplyQueue() {
		return declare("bridge.reply." + UUID.randomUUID().toString().substring(0, 8));
	}

	/**
	 * Declare a temporary queue bound to an exchange, to see what is published there, such as the events a handler
	 * publishes ({@code mmate.events}, {@code evt.*.OrderPlacedEvent}). Close it to delete it.
	 * @param exchange the exchange, which must exist
	 * @param routingKey the binding's routing key, with the topic exchange's wildcards
	 * @return the queue
	 */
	public TemporaryQueue declareQueueBoundTo(String exchange, String routingKey) {
		TemporaryQueue queue = declare("mmate.test.probe." + UUID.randomUUID().toString().substring(0, 8));
		this.admin.declareBinding(new Binding(queue.name(), DestinationType.QUEUE, exchange, routingKey, null));
		return queue;
	}

	/**
	 * Send a request as a Go requester does and await its reply: declare a reply queue, publish the command or query
	 * with that reply address and a new correlation id (unless it has one), await the reply that carries it, and
	 * delete the queue.
	 * @param request the command or query
	 * @param timeout how long to wait for the reply at most
	 * @return the reply
	 * @throws AssertionError if no reply with the request's correlation id arrives in time
	 */
	public ReceivedEnvelope request(GoEnvelope request, Duration timeout) {
		GoEnvelope correlated = (request.correlationId() != null) ? request
				: request.withCorrelationId(UUID.randomUUID().toString());
		try (TemporaryQueue replies = declareReplyQueue()) {
			publish(correlated.withReplyTo(replies.name()));
			return replies.awaitEnvelope(
					(reply) -> correlated.correlationId().equals(reply.correlationId()), timeout);
		}
	}

	private TemporaryQueue declare(String name) {
		// Exclusive, so it goes with the connection, but not auto-delete: every read consumes and cancels, and the
		// broker would delete an auto-delete queue when the first read ends.
		this.admin.declareQueue(new Queue(name, false, true, false));
		return new TemporaryQueue(name, this);
	}

	void delete(String queue) {
		this.admin.deleteQueue(queue);
	}

	private Message receive(String queue, long deadline) {
		long remaining = deadline - System.nanoTime();
		if (remaining <= 0) {
			// A last look without waiting: the queue may hold a message already.
			return this.template.receive(queue);
		}
		return this.template.receive(queue, Math.max(1, remaining / 1_000_000));
	}

}
