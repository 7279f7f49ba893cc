package io.mmate.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mmate.MessageKind;
import io.mmate.dispatch.HandlerDefinition;

/**
 * Settings with the configuration's defaults, changed one value at a time by the tests.
 */
final class TestSettings {

	private String serviceName = "svc";

	private QueueType queueType = QueueType.CLASSIC;

	private final Map<String, Object> arguments = new LinkedHashMap<>();

	private int deliveryLimit = 20;

	private boolean deadLetter = true;

	private boolean fifo;

	private final List<BindingSpec> extraBindings = new ArrayList<>();

	private int partitionCount = 8;

	private boolean genericExchange = true;

	static TestSettings service(String serviceName) {
		TestSettings settings = new TestSettings();
		settings.serviceName = serviceName;
		return settings;
	}

	static TestSettings publisherOnly() {
		return service(null);
	}

	TestSettings type(QueueType queueType) {
		this.queueType = queueType;
		return this;
	}

	TestSettings argument(String name, Object value) {
		this.arguments.put(name, value);
		return this;
	}

	TestSettings deliveryLimit(int deliveryLimit) {
		this.deliveryLimit = deliveryLimit;
		return this;
	}

	TestSettings withoutDeadLetter() {
		this.deadLetter = false;
		return this;
	}

	TestSettings fifo() {
		this.fifo = true;
		return this;
	}

	TestSettings binding(String exchange, String routingKey) {
		this.extraBindings.add(new BindingSpec(exchange, routingKey));
		return this;
	}

	TestSettings partitions(int partitionCount) {
		this.partitionCount = partitionCount;
		return this;
	}

	TestSettings withoutGenericExchange() {
		this.genericExchange = false;
		return this;
	}

	TopologySettings build() {
		return new TopologySettings(this.serviceName, this.queueType, this.arguments, this.deliveryLimit,
				this.deadLetter, this.fifo, this.extraBindings, this.partitionCount, "x-aggregate-id",
				this.genericExchange, 0);
	}

	static HandlerDefinition handler(String type, MessageKind kind) {
		return handler(type, kind, HandlerDefinition.Delivery.SERVICE_QUEUE);
	}

	static HandlerDefinition handler(String type, MessageKind kind, HandlerDefinition.Delivery delivery) {
		return new HandlerDefinition(type, kind, Object.class, (message, context) -> null, type, false, delivery);
	}

}
