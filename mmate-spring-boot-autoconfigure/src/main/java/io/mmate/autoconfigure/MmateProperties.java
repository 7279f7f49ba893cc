package io.mmate.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mmate.Message;
import io.mmate.MessageValidationException;
import io.mmate.bridge.ReplyMode;
import io.mmate.delay.DelayMechanismSelector;
import io.mmate.envelope.HeaderTable;
import io.mmate.listener.AcknowledgeMode;
import io.mmate.topology.QueueType;
import tools.jackson.databind.DatabindException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the Mmate starter, under {@code mmate}.
 */
@ConfigurationProperties("mmate")
public class MmateProperties {

	/**
	 * Whether to enable the Mmate starter.
	 */
	private boolean enabled = true;

	/**
	 * Name of this service. Names the service queue ('{service-name}-queue') and the command routing keys
	 * ('cmd.{service-name}.{Type}'); required when the application has handlers.
	 */
	private String serviceName;

	/**
	 * Whether the service queue delivers in strict order: it gets 'x-single-active-consumer', so one consumer of all
	 * instances is active and another takes over when it goes. Needs a listener concurrency of 1; failed messages are
	 * retried in process only, since a delayed redelivery would overtake later messages.
	 */
	private boolean fifo;

	private final Idempotency idempotency = new Idempotency();

	private final Partitions partitions = new Partitions();

	public Partitions getPartitions() {
		return this.partitions;
	}

	public boolean isFifo() {
		return this.fifo;
	}

	public void setFifo(boolean fifo) {
		this.fifo = fifo;
	}

	public Idempotency getIdempotency() {
		return this.idempotency;
	}

	private final Queue queue = new Queue();

	private final Listener listener = new Listener();

	private final Publisher publisher = new Publisher();

	private final DeadLetter deadLetter = new DeadLetter();

	private final Retry retry = new Retry();

	private final Delay delay = new Delay();

	private final Scheduling scheduling = new Scheduling();

	private final Requests requests = new Requests();

	private final Replies replies = new Replies();

	private final Contracts contracts = new Contracts();

	private final StageFlow stageflow = new StageFlow();

	private final AsyncApi asyncapi = new AsyncApi();

	private final Topology topology = new Topology();

	private final Json json = new Json();

	public Topology getTopology() {
		return this.topology;
	}

	public Json getJson() {
		return this.json;
	}

	public Contracts getContracts() {
		return this.contracts;
	}

	public StageFlow getStageflow() {
		return this.stageflow;
	}

	public AsyncApi getAsyncapi() {
		return this.asyncapi;
	}

	public Requests getRequests() {
		return this.requests;
	}

	public Replies getReplies() {
		return this.replies;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getServiceName() {
		return this.serviceName;
	}

	public void setServiceName(String serviceName) {
		this.serviceName = serviceName;
	}

	public Queue getQueue() {
		return this.queue;
	}

	public Listener getListener() {
		return this.listener;
	}

	public Publisher getPublisher() {
		return this.publisher;
	}

	public DeadLetter getDeadLetter() {
		return this.deadLetter;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Delay getDelay() {
		return this.delay;
	}

	public Scheduling getScheduling() {
		return this.scheduling;
	}

	/**
	 * The service queue.
	 */
	public static class Queue {

		/**
		 * Queue type of the service queue and its dead-letter queue. Changing it for an existing queue needs the
		 * queue to be deleted first.
		 */
		private QueueType type = QueueType.CLASSIC;

		/**
		 * Extra arguments of the service queue, for example 'x-max-length: 100000'. Numeric and boolean text is
		 * declared as a number or boolean.
		 */
		private Map<String, String> arguments = new LinkedHashMap<>();

		/**
		 * Bindings of the service queue besides those derived from the handlers.
		 */
		private List<Binding> bindings = new ArrayList<>();

		/**
		 * How many times one message may be delivered without being acknowledged (its handler crashed the process,
		 * say) before it is dead-lettered: the broker's 'x-delivery-limit' on quorum queues, counted in message
		 * headers on classic queues. 0 disables the limit.
		 */
		private int deliveryLimit = 20;

		/**
		 * Whether each handler's binding of the service queue is made on 'mmate.messages' too, with the same routing
		 * key: Mmate's Go 'Publish', given no exchange, sends commands ('cmd.{service}.{Type}'), events
		 * ('evt.{aggregateId}.{Type}') and queries ('qry.{Type}') there.
		 */
		private boolean bindGenericExchange = true;

		public boolean isBindGenericExchange() {
			return this.bindGenericExchange;
		}

		public void setBindGenericExchange(boolean bindGenericExchange) {
			this.bindGenericExchange = bindGenericExchange;
		}

		public int getDeliveryLimit() {
			return this.deliveryLimit;
		}

		public void setDeliveryLimit(int deliveryLimit) {
			this.deliveryLimit = deliveryLimit;
		}

		public QueueType getType() {
			return this.type;
		}

		public void setType(QueueType type) {
			this.type = type;
		}

		public Map<String, String> getArguments() {
			return this.arguments;
		}

		public void setArguments(Map<String, String> arguments) {
			this.arguments = arguments;
		}

		public List<Binding> getBindings() {
			return this.bindings;
		}

		public void setBindings(List<Binding> bindings) {
			this.bindings = bindings;
		}

	}

	/**
	 * An extra binding of the service queue.
	 */
	public static class Binding {

		/**
		 * Exchange to bind to, for example 'mmate.events'.
		 */
		private String exchange;

		/**
		 * Binding pattern, for example 'evt.#.LegacyOrderEvent'.
		 */
		private String routingKey;

		public String getExchange() {
			return this.exchange;
		}

		public void setExchange(String exchange) {
			this.exchange = exchange;
		}

		public String getRoutingKey() {
			return this.routingKey;
		}

		public void setRoutingKey(String routingKey) {
			this.routingKey = routingKey;
		}

	}

	/**
	 * Consumption of the service queue.
	 */
	public static class Listener {

		/**
		 * Whether to start consuming when the application starts.
		 */
		private boolean autoStartup = true;

		/**
		 * Maximum number of unacknowledged messages per consumer. 1 gives the fairest dispatch between instances at
		 * a throughput cost.
		 */
		private int prefetch = 250;

		/**
		 * Number of consumers on the service queue in this instance.
		 */
		private int concurrency = 1;

		/**
		 * When deliveries are acknowledged. 'broker-auto' is faster but loses in-flight messages if the process
		 * dies; use it only for messages that may be lost.
		 */
		private AcknowledgeMode acknowledgeMode = AcknowledgeMode.AFTER_HANDLER;

		/**
		 * How long in-flight handlers may run when the application stops.
		 */
		private Duration shutdownTimeout = Duration.ofSeconds(30);

		/**
		 * Most handled messages one acknowledgement covers (a multiple ack), at most half the prefetch; pending
		 * acknowledgements are sent when the consumer pauses. 1 acknowledges each message on its own.
		 */
		private int messagesPerAck = 32;

		private final CircuitBreaker circuitBreaker = new CircuitBreaker();

		public CircuitBreaker getCircuitBreaker() {
			return this.circuitBreaker;
		}

		public boolean isAutoStartup() {
			return this.autoStartup;
		}

		public void setAutoStartup(boolean autoStartup) {
			this.autoStartup = autoStartup;
		}

		public int getPrefetch() {
			return this.prefetch;
		}

		public void setPrefetch(int prefetch) {
			this.prefetch = prefetch;
		}

		public int getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(int concurrency) {
			this.concurrency = concurrency;
		}

		public AcknowledgeMode getAcknowledgeMode() {
			return this.acknowledgeMode;
		}

		public void setAcknowledgeMode(AcknowledgeMode acknowledgeMode) {
			this.acknowledgeMode = acknowledgeMode;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public int getMessagesPerAck() {
			return this.messagesPerAck;
		}

		public void setMessagesPerAck(int messagesPerAck) {
			this.messagesPerAck = messagesPerAck;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		/**
		 * Largest message body that is decoded and handled. A larger message is dead-lettered unread with the reason
		 * 'too-large'.
		 */
		private DataSize maxMessageSize = DataSize.ofMegabytes(64);

		public DataSize getMaxMessageSize() {
			return this.maxMessageSize;
		}

		public void setMaxMessageSize(DataSize maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
		}

	}

	/**
	 * The circuit breaker that pauses consumption while the handler keeps failing with transient errors.
	 */
	public static class CircuitBreaker {

		/**
		 * Whether to pause consumption while the handler keeps failing with transient errors.
		 */
		private boolean enabled = true;

		/**
		 * Failure rate, in percent of the calls in the window, at which consumption pauses.
		 */
		private int failureRateThreshold = 50;

		/**
		 * Number of latest calls the failure rate is taken over.
		 */
		private int slidingWindowSize = 20;

		/**
		 * Number of calls the window must hold before the failure rate counts.
		 */
		private int minimumCalls = 10;

		/**
		 * How long consumption pauses before one trial message is let through.
		 */
		private Duration openDuration = Duration.ofSeconds(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getFailureRateThreshold() {
			return this.failureRateThreshold;
		}

		public void setFailureRateThreshold(int failureRateThreshold) {
			this.failureRateThreshold = failureRateThreshold;
		}

		public int getSlidingWindowSize() {
			return this.slidingWindowSize;
		}

		public void setSlidingWindowSize(int slidingWindowSize) {
			this.slidingWindowSize = slidingWindowSize;
		}

		public int getMinimumCalls() {
			return this.minimumCalls;
		}

		public void setMinimumCalls(int minimumCalls) {
			this.minimumCalls = minimumCalls;
		}

		public Duration getOpenDuration() {
			return this.openDuration;
		}

		public void setOpenDuration(Duration openDuration) {
			this.openDuration = openDuration;
		}

	}

	/**
	 * Publishing.
	 */
	public static class Publisher {

		/**
		 * How long a publish waits for the broker's confirm before its future fails.
		 */
		private Duration confirmTimeout = Duration.ofSeconds(10);

		/**
		 * Whether publishing an event that no queue is bound for fails its future. Commands, queries and replies
		 * always fail when unroutable.
		 */
		private boolean failOnUnroutableEvents = false;

		/**
		 * How long a publish waits for an unreachable broker (and a publish whose channel was lost before its
		 * confirm waits to be sent again) before its future fails. Once the broker has been unreachable for longer,
		 * new publishes fail at once until the connection is back. Zero fails publishes at once.
		 */
		private Duration recoveryTimeout = Duration.ofSeconds(30);

		/**
		 * Whether a publish inside a Spring-managed transaction (a database transaction, say) waits for the
		 * transaction to commit, and is dropped if it rolls back.
		 */
		private boolean deferInTransactions = true;

		/**
		 * Which wire headers published envelopes also carry in their AMQP header table: 'full' (every one, as Mmate
		 * Go writes them) or 'minimal' (x-message-type, x-message-kind and the partition key header, such as an
		 * event's x-aggregate-id, beside the application's own headers). The body carries all of them either way,
		 * and Mmate readers in Go, .NET and Java read the body.
		 */
		private HeaderTable headerTable = HeaderTable.FULL;

		public HeaderTable getHeaderTable() {
			return this.headerTable;
		}

		public void setHeaderTable(HeaderTable headerTable) {
			this.headerTable = headerTable;
		}

		public boolean isDeferInTransactions() {
			return this.deferInTransactions;
		}

		public void setDeferInTransactions(boolean deferInTransactions) {
			this.deferInTransactions = deferInTransactions;
		}

		public Duration getRecoveryTimeout() {
			return this.recoveryTimeout;
		}

		public void setRecoveryTimeout(Duration recoveryTimeout) {
			this.recoveryTimeout = recoveryTimeout;
		}

		public Duration getConfirmTimeout() {
			return this.confirmTimeout;
		}

		public void setConfirmTimeout(Duration confirmTimeout) {
			this.confirmTimeout = confirmTimeout;
		}

		public boolean isFailOnUnroutableEvents() {
			return this.failOnUnroutableEvents;
		}

		public void setFailOnUnroutableEvents(boolean failOnUnroutableEvents) {
			this.failOnUnroutableEvents = failOnUnroutableEvents;
		}

	}

	/**
	 * Dead-lettering of messages that cannot be handled.
	 */
	public static class DeadLetter {

		/**
		 * Whether to declare 'dlq.{queue}' and move failed messages there with the reason. When disabled, failed
		 * messages are rejected without requeue, which drops them unless the queue has broker dead-lettering
		 * arguments.
		 */
		private boolean enabled = true;

		/**
		 * Most messages a dead-letter queue holds, declared ('x-max-length', with 'x-overflow: reject-publish') when
		 * the starter creates the queue; an existing queue keeps its arguments. Once full, the broker refuses new dead
		 * letters, and the messages wait to be handled again after 'overflow-delay'. 0 for no limit.
		 */
		private int maxLength = 100_000;

		/**
		 * How long a failed message waits, when its dead-letter queue is full and refuses it, before it is handled
		 * again.
		 */
		private Duration overflowDelay = Duration.ofMinutes(1);

		private final Listing listing = new Listing();

		public boolean isEnabled() {
			return this.enabled;
		}

		public int getMaxLength() {
			return this.maxLength;
		}

		public void setMaxLength(int maxLength) {
			this.maxLength = maxLength;
		}

		public Duration getOverflowDelay() {
			return this.overflowDelay;
		}

		public void setOverflowDelay(Duration overflowDelay) {
			this.overflowDelay = overflowDelay;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Listing getListing() {
			return this.listing;
		}

	}

	/**
	 * How deep the dead-letter endpoint may read into a dead-letter queue. A page is read by fetching every message
	 * before it too, and they are all hidden from other readers until the page has been read.
	 */
	public static class Listing {

		/**
		 * Most messages one page of the dead-letter endpoint may hold.
		 */
		private int maxPageSize = 100;

		/**
		 * Most messages a page of the dead-letter endpoint may skip. A replay by message id looks at most this many
		 * messages plus one page deep.
		 */
		private int maxOffset = 1000;

		public int getMaxPageSize() {
			return this.maxPageSize;
		}

		public void setMaxPageSize(int maxPageSize) {
			this.maxPageSize = maxPageSize;
		}

		public int getMaxOffset() {
			return this.maxOffset;
		}

		public void setMaxOffset(int maxOffset) {
			this.maxOffset = maxOffset;
		}

	}

	/**
	 * Retries of failed handlers: the default policy, and overrides by message type.
	 */
	public static class Retry {

		/**
		 * Attempts per delivery, in process, including the first. 1 disables in-process retries.
		 */
		private int maxAttempts = 3;

		/**
		 * Pause before the first in-process retry.
		 */
		private Duration initialBackoff = Duration.ofMillis(200);

		/**
		 * Factor by which each in-process pause grows.
		 */
		private double multiplier = 2.0;

		/**
		 * Longest pause between in-process retries.
		 */
		private Duration maxBackoff = Duration.ofSeconds(2);

		/**
		 * Random spread added to each in-process pause, so that instances do not retry in step.
		 */
		private Duration jitter = Duration.ofMillis(50);

		/**
		 * Delays of the redeliveries through the broker once a delivery's in-process attempts have failed; the
		 * message is dead-lettered after the last. Empty for no redeliveries.
		 */
		private List<Duration> delays = List.of(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(10));

		/**
		 * Exception types (and their subclasses) that are dead-lettered at once, without retries: by default those
		 * that say the message itself is wrong, which no retry can mend. Setting the property replaces the list.
		 */
		private List<Class<? extends Throwable>> permanentExceptions = new ArrayList<>(List.of(
				IllegalArgumentException.class, NullPointerException.class, DatabindException.class,
				MessageValidationException.class));

		/**
		 * Exception types (and their subclasses) that are always retried.
		 */
		private List<Class<? extends Throwable>> transientExceptions = new ArrayList<>();

		/**
		 * Retry policies by message type name; their unset values come from the defaults under mmate.retry.
		 */
		private Map<String, RetryOverride> handlers = new LinkedHashMap<>();

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public Duration getJitter() {
			return this.jitter;
		}

		public void setJitter(Duration jitter) {
			this.jitter = jitter;
		}

		public List<Duration> getDelays() {
			return this.delays;
		}

		public void setDelays(List<Duration> delays) {
			this.delays = delays;
		}

		public List<Class<? extends Throwable>> getPermanentExceptions() {
			return this.permanentExceptions;
		}

		public void setPermanentExceptions(List<Class<? extends Throwable>> permanentExceptions) {
			this.permanentExceptions = permanentExceptions;
		}

		public List<Class<? extends Throwable>> getTransientExceptions() {
			return this.transientExceptions;
		}

		public void setTransientExceptions(List<Class<? extends Throwable>> transientExceptions) {
			this.transientExceptions = transientExceptions;
		}

		public Map<String, RetryOverride> getHandlers() {
			return this.handlers;
		}

		public void setHandlers(Map<String, RetryOverride> handlers) {
			this.handlers = handlers;
		}

	}

	/**
	 * The retry policy of one message type, under {@code mmate.retry.handlers.{Type}}. Every value left unset
	 * ({@code null}) is taken from the default policy under {@code mmate.retry}.
	 */
	public static class RetryOverride {

		/**
		 * Attempts per delivery, in process, including the first.
		 */
		private Integer maxAttempts;

		/**
		 * Pause before the first in-process retry.
		 */
		private Duration initialBackoff;

		/**
		 * Factor by which each in-process pause grows.
		 */
		private Double multiplier;

		/**
		 * Longest pause between in-process retries.
		 */
		private Duration maxBackoff;

		/**
		 * Random spread added to each in-process pause.
		 */
		private Duration jitter;

		/**
		 * Delays of the redeliveries through the broker; empty for none.
		 */
		private List<Duration> delays;

		/**
		 * Exception types (and their subclasses) that are dead-lettered at once.
		 */
		private List<Class<? extends Throwable>> permanentExceptions;

		/**
		 * Exception types (and their subclasses) that are always retried.
		 */
		private List<Class<? extends Throwable>> transientExceptions;

		public Integer getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(Integer maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(Double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public Duration getJitter() {
			return this.jitter;
		}

		public void setJitter(Duration jitter) {
			this.jitter = jitter;
		}

		public List<Duration> getDelays() {
			return this.delays;
		}

		public void setDelays(List<Duration> delays) {
			this.delays = delays;
		}

		public List<Class<? extends Throwable>> getPermanentExceptions() {
			return this.permanentExceptions;
		}

		public void setPermanentExceptions(List<Class<? extends Throwable>> permanentExceptions) {
			this.permanentExceptions = permanentExceptions;
		}

		public List<Class<? extends Throwable>> getTransientExceptions() {
			return this.transientExceptions;
		}

		public void setTransientExceptions(List<Class<? extends Throwable>> transientExceptions) {
			this.transientExceptions = transientExceptions;
		}

	}

	/**
	 * Broker-side delayed delivery, used by redeliveries.
	 */
	public static class Delay {

		/**
		 * How delays are made: 'auto' uses the broker's delayed-message exchange plugin when present and TTL level
		 * queues otherwise; 'plugin' requires the plugin; 'ttl-levels' never uses it.
		 */
		private DelayMechanismSelector.Mode mechanism = DelayMechanismSelector.Mode.AUTO;

		public DelayMechanismSelector.Mode getMechanism() {
			return this.mechanism;
		}

		public void setMechanism(DelayMechanismSelector.Mode mechanism) {
			this.mechanism = mechanism;
		}

	}

	/**
	 * Request/reply.
	 */
	public static class Requests {

		/**
		 * Most requests waiting for replies at once; a further request waits, up to its own timeout, for one to
		 * finish.
		 */
		private int maxPending = 1000;

		/**
		 * Where replies arrive: 'queue' for an exclusive reply queue per instance (bridge.reply.*), which every
		 * responder can reply to at any time; 'direct' for RabbitMQ's direct reply-to (amq.rabbitmq.reply-to), with
		 * no queue, where replies go straight to the channel that sent the request and are lost if it closes first.
		 */
		private ReplyMode replyTo = ReplyMode.QUEUE;

		/**
		 * With reply-to 'direct', whether requests are published with publisher confirms. Off, the broker sends no
		 * confirm and a request is known to have arrived by its reply: one the broker cannot route still fails at
		 * once, and one it drops (a nack, as from a full queue with 'x-overflow: reject-publish') ends by the
		 * request's timeout rather than at once. Replies and every other publish keep their confirms.
		 */
		private boolean directConfirms = true;

		/**
		 * Whether queries sent through the MessageRequester are persistent messages, kept by a broker restart. By
		 * default they are transient: the broker confirms them without writing them to disk, and a query lost in a
		 * restart ends its request by timeout. Commands sent as requests are always persistent.
		 */
		private boolean persistentQueries;

		public int getMaxPending() {
			return this.maxPending;
		}

		public void setMaxPending(int maxPending) {
			this.maxPending = maxPending;
		}

		public ReplyMode getReplyTo() {
			return this.replyTo;
		}

		public void setReplyTo(ReplyMode replyTo) {
			this.replyTo = replyTo;
		}

		public boolean isDirectConfirms() {
			return this.directConfirms;
		}

		public void setDirectConfirms(boolean directConfirms) {
			this.directConfirms = directConfirms;
		}

		public boolean isPersistentQueries() {
			return this.persistentQueries;
		}

		public void setPersistentQueries(boolean persistentQueries) {
			this.persistentQueries = persistentQueries;
		}

	}

	/**
	 * Idempotent handling: skipping message ids already handled.
	 */
	public static class Idempotency {

		/**
		 * Whether every handler skips message ids it already handled, not only those marked
		 * '@MmateHandler(idempotent = true)'.
		 */
		private boolean enabled;

		/**
		 * Where handled message ids are kept: 'memory' (this instance, bounded) or 'jdbc' (the application's
		 * database, shared by every instance).
		 */
		private Store store = Store.MEMORY;

		/**
		 * How long a handled message id is kept.
		 */
		private Duration retention = Duration.ofHours(24);

		/**
		 * Most message ids the in-memory store keeps.
		 */
		private int maxEntries = 100_000;

		/**
		 * Table of the JDBC store.
		 */
		private String table = "mmate_processed_message";

		/**
		 * Whether the JDBC store creates its table when it is missing.
		 */
		private boolean initializeSchema = true;

		/**
		 * Whether the handler of an idempotent message, the check of its id and the recording of its id run in one
		 * transaction of the application's PlatformTransactionManager (the inbox), so that the handler's database
		 * work and its message id commit together. Needs store=jdbc.
		 */
		private boolean transactional;

		public boolean isTransactional() {
			return this.transactional;
		}

		public void setTransactional(boolean transactional) {
			this.transactional = transactional;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Store getStore() {
			return this.store;
		}

		public void setStore(Store store) {
			this.store = store;
		}

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			this.retention = retention;
		}

		public int getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(int maxEntries) {
			this.maxEntries = maxEntries;
		}

		public String getTable() {
			return this.table;
		}

		public void setTable(String table) {
			this.table = table;
		}

		public boolean isInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(boolean initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

		/**
		 * Where handled message ids are kept.
		 */
		public enum Store {

			/** In this instance's memory. */
			MEMORY,

			/** In a table of the application's database. */
			JDBC

		}

	}

	/**
	 * Scheduled and recurring publishing.
	 */
	public static class Scheduling {

		/**
		 * Whether to provide the MessageScheduler, run @MmateScheduled schedules and relay the due scheduled messages
		 * of every Java Mmate service on the broker to their exchanges.
		 */
		private boolean enabled = true;

		/**
		 * How often each instance checks that every @MmateScheduled schedule still has its tick token, and starts
		 * one when it has none.
		 */
		private Duration checkInterval = Duration.ofSeconds(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getCheckInterval() {
			return this.checkInterval;
		}

		public void setCheckInterval(Duration checkInterval) {
			this.checkInterval = checkInterval;
		}

	}

	/**
	 * Partitioned order, for handlers marked '@MmateHandler(partitioned = true)'.
	 */
	public static class Partitions {

		/**
		 * Number of partition queues. Changing it moves keys between partitions: drain the partition queues (stop
		 * the publishers or let the queues empty) before starting instances with another count.
		 */
		private int count = 8;

		/**
		 * Header whose value is hashed to choose a partition; every Mmate event carries 'x-aggregate-id'.
		 */
		private String keyHeader = "x-aggregate-id";

		public int getCount() {
			return this.count;
		}

		public void setCount(int count) {
			this.count = count;
		}

		public String getKeyHeader() {
			return this.keyHeader;
		}

		public void setKeyHeader(String keyHeader) {
			this.keyHeader = keyHeader;
		}

	}

	/**
	 * Contract discovery as Mmate's Go services do it, on the 'mmate.contracts' exchange.
	 */
	/**
	 * StageFlow workflows: how the engine consumes the stage and compensation queues of the application's
	 * {@code Workflow} beans.
	 */
	public static class StageFlow {

		/**
		 * Whether to run the application's workflows (the engine starts only when a Workflow bean exists).
		 */
		private boolean enabled = true;

		/**
		 * Unacknowledged messages per consumer of a stage or compensation queue; Go's engine uses 10.
		 */
		private int prefetch = 10;

		/**
		 * Consumers per stage or compensation queue.
		 */
		private int consumers = 1;

		/**
		 * Where the status of workflow instances is kept: 'memory' (this instance, bounded by status-store-size) or
		 * 'jdbc' (the table mmate_workflow_status of the application's DataSource, shared by every instance).
		 */
		private StatusStore statusStore = StatusStore.MEMORY;

		/**
		 * The finished workflow instances the in-memory status store keeps.
		 */
		private int statusStoreSize = 10_000;

		/**
		 * Whether the JDBC status store's table (mmate_workflow_status) and its index are created at startup when
		 * they are missing, with the script for the database: PostgreSQL, H2, MySQL or MariaDB.
		 */
		private boolean initializeSchema;

		/**
		 * Expiration of the stage and compensation messages the engine sends, as Go's publisher gives every message;
		 * an expired message goes to the queue's dead-letter queue. Zero for none.
		 */
		private Duration messageTtl = Duration.ofMinutes(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getPrefetch() {
			return this.prefetch;
		}

		public void setPrefetch(int prefetch) {
			this.prefetch = prefetch;
		}

		public int getConsumers() {
			return this.consumers;
		}

		public void setConsumers(int consumers) {
			this.consumers = consumers;
		}

		public Duration getMessageTtl() {
			return this.messageTtl;
		}

		public void setMessageTtl(Duration messageTtl) {
			this.messageTtl = messageTtl;
		}

		public int getStatusStoreSize() {
			return this.statusStoreSize;
		}

		public void setStatusStoreSize(int statusStoreSize) {
			this.statusStoreSize = statusStoreSize;
		}

		public StatusStore getStatusStore() {
			return this.statusStore;
		}

		public void setStatusStore(StatusStore statusStore) {
			this.statusStore = statusStore;
		}

		public boolean isInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(boolean initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

		/**
		 * Where the status of workflow instances is kept.
		 */
		public enum StatusStore {

			/** In this instance's memory. */
			MEMORY,

			/** In a table of the application's database. */
			JDBC

		}

	}

	public static class Contracts {

		/**
		 * Whether to announce this service's endpoint contracts (one per handler) and keep a registry of those other
		 * services announce.
		 */
		private boolean enabled = true;

		/**
		 * How often to announce this service's contracts again after the announcement at start-up; Go services
		 * announce every 30 seconds.
		 */
		private Duration announceInterval = Duration.ofSeconds(30);

		/**
		 * How long a contract that another service announced stays in the registry without being announced again.
		 */
		private Duration expireAfter = Duration.ofMinutes(2);

		/**
		 * The timeout each announced contract states: how long a caller should allow for an answer. Go services
		 * state 30 seconds.
		 */
		private Duration endpointTimeout = Duration.ofSeconds(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getAnnounceInterval() {
			return this.announceInterval;
		}

		public void setAnnounceInterval(Duration announceInterval) {
			this.announceInterval = announceInterval;
		}

		public Duration getExpireAfter() {
			return this.expireAfter;
		}

		public void setExpireAfter(Duration expireAfter) {
			this.expireAfter = expireAfter;
		}

		public Duration getEndpointTimeout() {
			return this.endpointTimeout;
		}

		public void setEndpointTimeout(Duration endpointTimeout) {
			this.endpointTimeout = endpointTimeout;
		}

	}

	/**
	 * The AsyncAPI 3.0 document of this service.
	 */
	public static class AsyncApi {

		/**
		 * File to write the AsyncAPI document to once the application has started; none when unset.
		 */
		private Path exportPath;

		/**
		 * Whether to close the application and end the JVM once the document is written to 'export-path'.
		 */
		private boolean exitAfterExport;

		/**
		 * Message classes this service publishes, for the document's send operations, beside those it has
		 * published or registered so far.
		 */
		private List<Class<? extends Message>> sends = new ArrayList<>();

		public Path getExportPath() {
			return this.exportPath;
		}

		public void setExportPath(Path exportPath) {
			this.exportPath = exportPath;
		}

		public boolean isExitAfterExport() {
			return this.exitAfterExport;
		}

		public void setExitAfterExport(boolean exitAfterExport) {
			this.exitAfterExport = exitAfterExport;
		}

		public List<Class<? extends Message>> getSends() {
			return this.sends;
		}

		public void setSends(List<Class<? extends Message>> sends) {
			this.sends = sends;
		}

	}

	/**
	 * Replies to the commands and queries this service handles.
	 */
	public static class Replies {

		/**
		 * Patterns of the reply addresses (queue names) replies may be sent to, with '*' for any characters, for
		 * example 'bridge.reply.*'. Empty for any address except those always refused: the queues this service
		 * consumes, dead-letter queues ('dlq.*') and the starter's own queues ('mmate.*').
		 */
		private List<String> allowedAddresses = new ArrayList<>();

		public List<String> getAllowedAddresses() {
			return this.allowedAddresses;
		}

		public void setAllowedAddresses(List<String> allowedAddresses) {
			this.allowedAddresses = allowedAddresses;
		}

	}

	/**
	 * Declaration of the service's exchanges, queues and bindings.
	 */
	public static class Topology {

		/**
		 * Whether to declare the topology (the Mmate exchanges, the service queue and its dead-letter queue, the
		 * partition queues, the delay topology) when the application starts and whenever the connection is
		 * re-established. Switch it off only where nothing is consumed from the broker: the in-process test harness
		 * of mmate-spring-boot-test sets it to false, so that a test opens no connection.
		 */
		private boolean declare = true;

		public boolean isDeclare() {
			return this.declare;
		}

		public void setDeclare(boolean declare) {
			this.declare = declare;
		}

	}

	/**
	 * How messages are written and read as JSON. The envelope's mapper is the starter's own, so that
	 * spring.jackson.* settings (a naming strategy, say) never change the wire format that Go and .NET services read.
	 */
	public static class Json {

		/**
		 * Whether the envelope's mapper also registers the application's Jackson modules (its JacksonModule beans),
		 * for payload types that need one. Their serializers then decide how those types look on the wire.
		 */
		private boolean applicationModules;

		public boolean isApplicationModules() {
			return this.applicationModules;
		}

		public void setApplicationModules(boolean applicationModules) {
			this.applicationModules = applicationModules;
		}

	}

}
