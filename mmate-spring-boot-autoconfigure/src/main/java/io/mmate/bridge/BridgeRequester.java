package io.mmate.bridge;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.micrometer.observation.ObservationRegistry;
import io.mmate.Command;
import io.mmate.MessagePublisher;
import io.mmate.MessageRequester;
import io.mmate.PublishOptions;
import io.mmate.PublishReceipt;
import io.mmate.Query;
import io.mmate.Reply;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.TypeRegistry;
import io.mmate.envelope.UndecodableMessageException;
import io.mmate.listener.ListenerContainerLifecycle;
import io.mmate.publish.DirectReplyChannel;
import io.mmate.publish.PublishSink;
import io.mmate.topology.RoutingKeys;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * The {@link MessageRequester} of the Mmate bridge: sends each request with this instance's reply address in
 * {@code payload.replyTo} and a new correlation id, and completes it with the reply that carries that correlation id.
 * The reply address is this instance's reply queue ({@link ReplyMode#QUEUE}), or the address of the direct reply-to
 * channel the request is sent on ({@link ReplyMode#DIRECT}).
 */
public class BridgeRequester implements MessageRequester, SmartLifecycle, DisposableBean {

	/**
	 * The lifecycle phase: the reply queue's consumer stops right after the listener containers, whose handlers may
	 * still wait for replies, and before the connection factory closes its connection.
	 */
	public static final int PHASE = ListenerContainerLifecycle.PHASE - 1;

	private static final Log logger = LogFactory.getLog(BridgeRequester.class);

	private final MessagePublisher publisher;

	private final TypeRegistry types;

	private final EnvelopeCodec codec;

	private final PendingRequests pending;

	private final ReplyEndpoint replies;

	private volatile boolean running;

	private boolean persistentQueries;

	/**
	 * Create a requester whose replies arrive on its reply queue, created on the first request.
	 * @param connectionFactory the connection factory
	 * @param publisher the publisher that sends requests
	 * @param codec the envelope codec
	 * @param types the type registry
	 * @param maxPending the most requests waiting for replies at once
	 * @param observations where requests are observed
	 */
	public BridgeRequester(ConnectionFactory connectionFactory, MessagePublisher publisher, EnvelopeCodec codec,
			TypeRegistry types, int maxPending, ObservationRegistry observations) {
		this.types = types;
		this.codec = codec;
		this.pending = new PendingRequests(maxPending, codec, observations);
		this.publisher = publisher;
		this.replies = new ReplyQueue(connectionFactory, this::onReply);
	}

	/**
	 * Create a requester whose replies arrive by direct reply-to, on the channel that sends the requests, opened on
	 * the first request and again on the first request after it closed. Requests waiting for replies on a channel
	 * that closes fail at once with a {@link io.mmate.ReplyChannelClosedException}.
	 * @param connectionFactory the connection factory
	 * @param publishers creates the publisher that sends requests to the given sink, the direct reply-to channel: a
	 * publisher like the application's, with its interceptors and observations
	 * @param codec the envelope codec
	 * @param types the type registry
	 * @param maxPending the most requests waiting for replies at once
	 * @param openTimeout how long opening the channel may take once connected
	 * @param confirms whether requests are published in confirm mode, and on which thread an acknowledgement
	 * completes a request's publish: {@link DirectReplyChannel.Confirms#ACKS_ON_CONNECTION_THREAD} only when the
	 * publishers run no application code on completion (no publish interceptor, no observation handler); without
	 * confirms, a request is known to have arrived by its reply, one the broker returns as unroutable still fails at
	 * once, and one it drops ends by its timeout
	 * @param observations where requests are observed
	 */
	public BridgeRequester(ConnectionFactory connectionFactory, Function<PublishSink, MessagePublisher> publishers,
			EnvelopeCodec codec, TypeRegistry types, int maxPending, Duration openTimeout,
			DirectReplyChannel.Confirms confirms, ObservationRegistry observations) {
		this.types = types;
		this.codec = codec;
		this.pending = new PendingRequests(maxPending, codec, observations);
		DirectReplyChannel channel = new DirectReplyChannel(connectionFactory, this::onReply,
				this.pending::replyAddressClosed, this.pending::failed, openTimeout, confirms);
		this.publisher = publishers.apply(channel);
		this.replies = new DirectReplyEndpoint(channel);
	}

	/**
	 * Set whether queries are sent as persistent messages. By default they are transient: a persistent message to a
	 * durable queue is confirmed only once the broker has written it to disk (under light load, a disk sync per
	 * request), which a query rarely needs, since its requester waits for the answer in memory and can ask again. A
	 * transient query still queued when the broker restarts is lost, and its request ends by timeout. Commands sent
	 * as requests are always persistent: their handlers change things.
	 * @param persistentQueries whether queries are persistent
	 */
	public void setPersistentQueries(boolean persistentQueries) {
		this.persistentQueries = persistentQueries;
	}

	@Override
	public <R extends Reply> CompletableFuture<R> request(Query query, Class<R> replyType, Duration timeout) {
		String type = this.types.nameOf(query.getClass());
		return send(type, "'" + RoutingKeys.query(type) + "'", replyType, timeout,
				(options) -> this.publisher.sendQuery(query, options.withPersistent(this.persistentQueries)));
	}

	@Override
	public <R extends Reply> CompletableFuture<R> request(Command command, String targetService, Class<R> replyType,
			Duration timeout) {
		String type = this.types.nameOf(command.getClass());
		return send(type, "service '" + targetService + "'", replyType, timeout,
				(options) -> this.publisher.sendCommand(command, targetService, options));
	}

	private <R> CompletableFuture<R> send(String type, String target, Class<R> replyType, Duration timeout,
			java.util.function.Function<PublishOptions, CompletableFuture<PublishReceipt>> publish) {
		String replyTo = this.replies.address();
		String correlationId = UUID.randomUUID().toString();
		CompletableFuture<R> reply = this.pending.register(correlationId, type, target, replyType, timeout, replyTo);
		PublishOptions options = PublishOptions.defaults().withReplyTo(replyTo).withCorrelationId(correlationId);
		publish.apply(options).whenComplete((receipt, ex) -> {
			if (ex != null) {
				this.pending.failed(correlationId, ex);
			}
		});
		return reply;
	}

	private void onReply(Message message) {
		try {
			this.pending.replied(this.codec.decode(message));
		}
		catch (UndecodableMessageException ex) {
			logger.warn("Dropped an undecodable reply on '" + this.replies.currentAddress() + "': " + ex.getMessage());
		}
	}

	/**
	 * Where replies to this instance's requests arrive now.
	 * @return the reply queue, {@code bridge.reply.xxxxxxxx}; with direct reply-to, the address of the open channel,
	 * {@code amq.rabbitmq.reply-to.} and a token, or {@code null} while none is open
	 */
	public String replyQueueName() {
		return this.replies.currentAddress();
	}

	/**
	 * How many replies arrived after their request had timed out, or for no request of this instance.
	 * @return the count since start
	 */
	public long lateReplies() {
		return this.pending.lateReplies();
	}

	/**
	 * How many requests are waiting for replies.
	 * @return the count
	 */
	public int pendingRequests() {
		return this.pending.size();
	}

	@Override
	public void start() {
		// The reply queue itself is created on the first request.
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.replies.close();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public void destroy() {
		this.replies.close();
		this.pending.close();
	}

}
