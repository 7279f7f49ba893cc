package io.mmate.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mmate.consume.AcknowledgeMode;
import io.mmate.topology.QueueType;

import org.springframework.boot.context.properties.ConfigurationProperties;

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

	private final Queue queue = new Queue();

	private final Listener listener = new Listener();

	private final Publisher publisher = new Publisher();

	private final DeadLetter deadLetter = new DeadLetter();

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

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
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

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
