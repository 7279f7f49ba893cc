package io.mmate.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

import io.mmate.Command;
import io.mmate.Event;
import io.mmate.Message;
import io.mmate.MessageKind;
import io.mmate.OutgoingMessage;
import io.mmate.PublishOptions;
import io.mmate.Query;
import io.mmate.Reply;
import io.mmate.dispatch.HandlerRegistry;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.OutboundEnvelope;
import io.mmate.envelope.TypeRegistry;
import io.mmate.publish.MessageRouting;
import io.mmate.topology.RoutingKeys;

import org.springframework.amqp.core.MessageProperties;
import org.springframework.util.Assert;

/**
 * Mmate without a broker, for tests of an application's handlers. It stands where the broker transport stands: the
 * application's {@link io.mmate.MessagePublisher}, {@link io.mmate.MessageRequester} and
 * {@link io.mmate.MessageScheduler} send to it, and it delivers to the application's handlers through the starter's
 * real dispatcher, interceptors, codec and failure decisions.
 * <ul>
 * <li>{@link #sendCommand(Command)}, {@link #publishEvent(Event)} and {@link #sendQuery(Query)} encode a message as a
 * sender would, deliver it as the broker would, and return once it is handled or failed, with the
 * {@link HandlingResult settlement} the broker-backed listener would apply: handled, redelivered after a delay,
 * dead-lettered with its reason, or rejected;</li>
 * <li>{@link #published()}, {@link #replies()}, {@link #scheduled()} and {@link #deadLetters()} are what the
 * application sent and what failed, as it went on the wire;</li>
 * <li>{@link #respond(Class, Function)} answers the requests the application sends, and
 * {@link #refusePublishing(Class, RuntimeException)} fails its publishes as a refusing broker would;</li>
 * <li>time is virtual: delayed redeliveries and scheduled messages wait until {@link #advance(Duration)} releases
 * what is due, at once.</li>
 * </ul>
 *
 * <p>Messages the application publishes are only recorded, unless {@link #deliverPublishedToOwnHandlers(boolean)}
 * asks for them to be delivered onward to the application's own handlers. Delivery is synchronous, on the caller's
 * thread, one message at a time; a message published while a handler runs is delivered once that handler is done.
 */
public class MmateTestHarness {

	/** The reply address of the queries and commands a test sends with this harness. */
	public static final String TEST_REPLY_ADDRESS = "bridge.reply.mmate-test-sender";

	private final HarnessTransport transport;

	private final HarnessPipeline pipeline;

	private final Responders responders;

	private final EnvelopeCodec codec;

	private final TypeRegistry types;

	private final HandlerRegistry handlers;

	private final String serviceName;

	private final MessageRouting routing;

	private final Queue<RecordedMessage> onward = new ConcurrentLinkedQueue<>();

	private volatile boolean deliverOnward;

	MmateTestHarness(HarnessTransport transport, HarnessPipeline pipeline, Responders responders,
			EnvelopeCodec codec, TypeRegistry types, HandlerRegistry handlers, String serviceName) {
		this.transport = transport;
		this.pipeline = pipeline;
		this.responders = responders;
		this.codec = codec;
		this.types = types;
		this.handlers = handlers;
		this.serviceName = serviceName;
		this.routing = new MessageRouting(types);
		transport.onPublished(this::onPublished);
	}

	/**
	 * Send a command to the application's own service, as another service would.
	 * @param command the command
	 * @return what became of it
	 */
	public HandlingResult sendCommand(Command command) {
		return sendCommand(command, PublishOptions.defaults());
	}

	/**
	 * Send a command to the application's own service with options, for example a reply address or a message id.
	 * @param command the command
	 * @param options how to send it
	 * @return what became of it
	 */
	public HandlingResult sendCommand(Command command, PublishOptions options) {
		return deliver(this.routing.command(command, requireServiceName(), options));
	}

	/**
	 * Publish an event, as another service would, to the application's handler of its type.
	 * @param event the event
	 * @return what became of it
	 */
	public HandlingResult publishEvent(Event event) {
		return publishEvent(event, PublishOptions.defaults());
	}

	/**
	 * Publish an event with options.
	 * @param event the event
	 * @param options how to publish it
	 * @return what became of it
	 */
	public HandlingResult publishEvent(Event event, PublishOptions options) {
		return deliver(this.routing.event(event, options));
	}

	/**
	 * Send a query to the application's handler of its type, with {@link #TEST_REPLY_ADDRESS} as its reply address;
	 * its reply is {@link HandlingResult#reply()}.
	 * @param query the query
	 * @return what became of it
	 */
	public HandlingResult sendQuery(Query query) {
		return sendQuery(query, PublishOptions.defaults());
	}

	/**
	 * Send a query with options; without a reply address it gets {@link #TEST_REPLY_ADDRESS}, without a correlation
	 * id a new one.
	 * @param query the query
	 * @param options how to send it
	 * @return what became of it
	 */
	public HandlingResult sendQuery(Query query, PublishOptions options) {
		PublishOptions asked = (options.replyTo() != null) ? options : options.withReplyTo(TEST_REPLY_ADDRESS);
		asked = (asked.correlationId() != null) ? asked : asked.withCorrelationId(UUID.randomUUID().toString());
		return deliver(this.routing.query(query, asked));
	}

	/**
	 * Deliver a body as it stands, for example one that is no Mmate envelope, from an exchange with a routing key.
	 * @param exchange the exchange it arrives from
	 * @param routingKey the routing key it arrives with
	 * @param body the body
	 * @param headers its AMQP headers
	 * @return what became of it
	 */
	public HandlingResult deliver(String exchange, String routingKey, byte[] body, Map<String, Object> headers) {
		MessageProperties properties = new MessageProperties();
		properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
		properties.setMessageId(UUID.randomUUID().toString());
		headers.forEach(properties::setHeader);
		properties.setReceivedExchange(exchange);
		properties.setReceivedRoutingKey(routingKey);
		return run(new org.springframework.amqp.core.Message(body, properties));
	}

	/**
	 * Deliver an AMQP message as it stands, for example one built for a broker too, from an exchange with a routing
	 * key.
	 * @param exchange the exchange it arrives from
	 * @param routingKey the routing key it arrives with
	 * @param message the message; its properties are copied, not changed
	 * @return what became of it
	 */
	public HandlingResult deliver(String exchange, String routingKey, org.springframework.amqp.core.Message message) {
		MessageProperties properties = new MessageProperties();
		org.springframework.beans.BeanUtils.copyProperties(message.getMessageProperties(), properties);
		properties.getHeaders().putAll(message.getMessageProperties().getHeaders());
		properties.setReceivedExchange(exchange);
		properties.setReceivedRoutingKey(routingKey);
		return run(new org.springframework.amqp.core.Message(message.getBody(), properties));
	}

	private HandlingResult deliver(OutgoingMessage message) {
		String id = (message.options().messageId() != null) ? message.options().messageId()
				: UUID.randomUUID().toString();
		org.springframework.amqp.core.Message amqp = this.codec.encode(new OutboundEnvelope(id, message.typeName(),
				message.kind(), this.transport.clock().instant(), message.message(), message.targetService(),
				message.options()));
		amqp.getMessageProperties().setReceivedExchange(message.exchange());
		amqp.getMessageProperties().setReceivedRoutingKey(message.routingKey());
		return run(amqp);
	}

	/**
	 * Move virtual time forward and deliver what falls due: delayed redeliveries back to their handlers, scheduled
	 * messages to where they were scheduled for (recorded as {@linkplain #published() published}, and delivered to
	 * the application's own handler when they are addressed to it).
	 * @param duration how far
	 * @return what became of each delivery, in due order
	 */
	public List<HandlingResult> advance(Duration duration) {
		this.transport.clock().advance(duration);
		return releaseDue();
	}

	/**
	 * Deliver what is due now, without moving time.
	 * @return what became of each delivery, in due order
	 */
	public synchronized List<HandlingResult> releaseDue() {
		List<HandlingResult> results = new ArrayList<>();
		List<DueMessages.Held> due = this.transport.due().takeDue(this.transport.clock().instant());
		while (!due.isEmpty()) {
			for (DueMessages.Held held : due) {
				if (held.redelivery()) {
					results.add(run(held.message()));
				}
				else {
					RecordedMessage published = this.transport.released(held);
					if (isForOwnHandler(published)) {
						results.add(run(published.toMessage()));
					}
				}
			}
			// A handler may have scheduled something that is due already.
			due = this.transport.due().takeDue(this.transport.clock().instant());
		}
		return results;
	}

	/**
	 * Answer the requests of a class that the application sends through its
	 * {@link io.mmate.MessageRequester}, as the service that handles them would. The responder receives the request
	 * as it went on the wire; what it returns is sent back as the reply, and a reply with {@code success: false}
	 * (such as {@link io.mmate.ErrorReply}) fails the request with an {@link io.mmate.ErrorReplyException}.
	 * @param <T> the request class
	 * @param type the request class, a {@link Query} or {@link Command}
	 * @param responder makes the reply
	 */
	public <T extends Message> void respond(Class<T> type, Function<? super T, ? extends Reply> responder) {
		Assert.notNull(type, "type must not be null");
		Assert.notNull(responder, "responder must not be null");
		this.responders.respond(type, responder);
	}

	/**
	 * Fail every later publish of a message class, as a broker that refuses or does not confirm it would: the
	 * publisher's future fails with the given exception (a {@link io.mmate.PublishException} or
	 * {@link io.mmate.UnroutableMessageException}, say) and nothing is recorded. Until {@link #reset()}.
	 * @param type the message class
	 * @param error what the publish fails with
	 */
	public void refusePublishing(Class<? extends Message> type, RuntimeException error) {
		Assert.notNull(error, "error must not be null");
		this.transport.refuse(this.types.nameOf(type), error);
	}

	/**
	 * Accept publishes of a message class again after {@link #refusePublishing(Class, RuntimeException)}.
	 * @param type the message class
	 */
	public void acceptPublishing(Class<? extends Message> type) {
		this.transport.refuse(this.types.nameOf(type), null);
	}

	/**
	 * Deliver the events, commands and queries the application publishes onward to its own handlers, when it has a
	 * handler for the type (and a command is addressed to its own service). Off by default, so that a test of one
	 * handler sees only that handler run; after a {@link #reset()}, off again.
	 * @param deliver whether to deliver them
	 */
	public void deliverPublishedToOwnHandlers(boolean deliver) {
		this.deliverOnward = deliver;
	}

	/**
	 * The events, commands and queries the application published, requests and due scheduled messages included, in
	 * order.
	 * @return the messages
	 */
	public List<RecordedMessage> published() {
		return this.transport.log().published();
	}

	/**
	 * The messages of one class the application published.
	 * @param type the message class
	 * @return the messages, in order
	 */
	public List<RecordedMessage> published(Class<? extends Message> type) {
		String name = this.types.nameOf(type);
		return published().stream().filter((message) -> name.equals(message.type())).toList();
	}

	/**
	 * The replies and error replies the application's handlers sent.
	 * @return the replies, in order
	 */
	public List<RecordedMessage> replies() {
		return this.transport.log().replies();
	}

	/**
	 * The messages the application scheduled, each with its {@linkplain RecordedMessage#dueAt() due time} and the
	 * exchange and routing key it is delivered to; still listed once released.
	 * @return the messages, in the order they were scheduled
	 */
	public List<RecordedMessage> scheduled() {
		return this.transport.log().scheduled();
	}

	/**
	 * The dead letters: failed messages as they went to {@code dlq.{queue}}, with the starter's failure headers.
	 * @return the dead letters, in order
	 */
	public List<RecordedMessage> deadLetters() {
		return this.transport.log().deadLetters();
	}

	/**
	 * What became of every delivery so far: those the test sent, onward deliveries and released ones.
	 * @return the results, in order
	 */
	public List<HandlingResult> results() {
		return this.transport.log().results();
	}

	/**
	 * How many redeliveries and scheduled messages wait for their due time.
	 * @return the count
	 */
	public int waiting() {
		return this.transport.due().size();
	}

	/**
	 * The harness's virtual clock, on which due times are measured.
	 * @return the clock
	 */
	public Clock clock() {
		return this.transport.clock();
	}

	/**
	 * Now, on the harness clock.
	 * @return the virtual time
	 */
	public Instant now() {
		return this.transport.clock().instant();
	}

	/**
	 * Forget everything: recorded messages, results, waiting messages, responders, refusals, onward delivery, and
	 * virtual time.
	 * The {@link MmateTestExtension} calls it before each test.
	 */
	public synchronized void reset() {
		this.onward.clear();
		this.deliverOnward = false;
		this.responders.clear();
		this.transport.reset();
	}

	private synchronized HandlingResult run(org.springframework.amqp.core.Message message) {
		if (this.pipeline == null) {
			throw new IllegalStateException("The Mmate test harness delivers to handlers only when the application "
					+ "consumes: set mmate.service-name");
		}
		HandlingResult result = this.pipeline.deliver(message);
		this.transport.log().handled(result);
		deliverOnward();
		return result;
	}

	private void onPublished(RecordedMessage published) {
		if (!this.deliverOnward || !isForOwnHandler(published)) {
			return;
		}
		this.onward.add(published);
		if (!Thread.holdsLock(this)) {
			// Published outside a handler, by a controller say: delivered now, as a broker would soon.
			deliverOnward();
		}
	}

	private synchronized void deliverOnward() {
		RecordedMessage next;
		while ((next = this.onward.poll()) != null) {
			HandlingResult result = this.pipeline.deliver(next.toMessage());
			this.transport.log().handled(result);
		}
	}

	private boolean isForOwnHandler(RecordedMessage message) {
		String type = message.type();
		if (this.pipeline == null || type == null || this.handlers.find(type) == null) {
			return false;
		}
		return message.kind() != MessageKind.COMMAND
				|| message.routingKey().equals(RoutingKeys.command(this.serviceName, type));
	}

	private String requireServiceName() {
		Assert.state(this.serviceName != null, "Commands are sent to the application's own service: set "
				+ "mmate.service-name");
		return this.serviceName;
	}

	void close() {
		if (this.pipeline != null) {
			this.pipeline.close();
		}
	}

}
