package io.mmate.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.mmate.Command;
import io.mmate.Event;
import io.mmate.MessageKind;
import io.mmate.Query;
import io.mmate.Reply;
import io.mmate.dispatch.HandlerDefinition;
import io.mmate.dispatch.HandlerDefinition.Delivery;
import io.mmate.dispatch.HandlerRegistry;
import io.mmate.envelope.TypeRegistry;
import io.mmate.retry.RetryPolicies;
import io.mmate.retry.RetryPolicySettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LocalContracts}: one contract per handler, as Go's discovery describes its handlers.
 */
class LocalContractsTests {

	private static final Instant NOW = Instant.parse("2025-07-08T10:00:00.5Z");

	private final HandlerRegistry handlers = new HandlerRegistry();

	// 3 attempts per delivery, 2 redeliveries: 9 attempts, 8 retries; 2 attempts for PlaceOrderCommand.
	private final RetryPolicies retry = new RetryPolicies(policy(3, 2), Map.of("PlaceOrderCommand", policy(2, 0)));

	private final LocalContracts contracts = new LocalContracts("order-service", this.handlers, new TypeRegistry(),
			this.retry, Duration.ofSeconds(90));

	@Test
	void contractOfACommandHandlerWithAConcreteReply() {
		register("PlaceOrderCommand", MessageKind.COMMAND, PlaceOrderCommand.class, Delivery.SERVICE_QUEUE,
				PlaceOrderReply.class);
		EndpointContract contract = this.contracts.create(NOW).get(0);
		assertThat(contract.endpointId()).isEqualTo("order-service.PlaceOrderCommand");
		assertThat(contract.version()).isEqualTo("1.0.0");
		assertThat(contract.serviceName()).isEqualTo("order-service");
		assertThat(contract.queue()).isEqualTo("order-service-queue");
		assertThat(contract.inputType()).isEqualTo("PlaceOrderCommand");
		assertThat(contract.outputType()).isEqualTo("PlaceOrderReply");
		assertThat(contract.timeout()).isEqualTo("1m30s");
		assertThat(contract.maxRetries()).isEqualTo(1);
		assertThat(contract.createdAt()).isEqualTo(NOW);
		assertThat(contract.updatedAt()).isEqualTo(NOW);
		assertThat(contract.inputSchema().get("$schema").stringValue())
			.isEqualTo("http://json-schema.org/draft-07/schema#");
		assertThat(contract.inputSchema().get("title").stringValue()).isEqualTo("PlaceOrderCommand");
		assertThat(contract.inputSchema().get("properties").propertyNames()).containsExactly("orderId",
				"targetService", "replyTo");
		assertThat(contract.outputSchema().get("title").stringValue()).isEqualTo("PlaceOrderReply");
		assertThat(contract.outputSchema().get("properties").has("success")).isTrue();
	}

	@Test
	void voidHandlerHasNoOutput() {
		register("OrderPlaced", MessageKind.EVENT, OrderPlaced.class, Delivery.SERVICE_QUEUE, void.class);
		register("CancelOrderCommand", MessageKind.COMMAND, CancelOrderCommand.class, Delivery.SERVICE_QUEUE,
				void.class);
		assertThat(this.contracts.create(NOW)).extracting(EndpointContract::outputType, EndpointContract::outputSchema)
			.containsOnly(org.assertj.core.groups.Tuple.tuple("None", null));
		assertThat(this.contracts.create(NOW)).extracting(EndpointContract::maxRetries).containsOnly(8);
	}

	@Test
	void handlerOfAnyReplyIsNamedAsGoNamesReplies() {
		register("GetOrderQuery", MessageKind.QUERY, GetOrderQuery.class, Delivery.SERVICE_QUEUE, Reply.class);
		register("ProcessPaymentCommand", MessageKind.COMMAND, ProcessPaymentCommand.class, Delivery.SERVICE_QUEUE,
				Reply.class);
		register("CancelOrderCommand", MessageKind.COMMAND, CancelOrderCommand.class, Delivery.SERVICE_QUEUE, null);
		register("OrderPlaced", MessageKind.EVENT, OrderPlaced.class, Delivery.SERVICE_QUEUE, null);
		List<EndpointContract> created = this.contracts.create(NOW);
		assertThat(created).extracting(EndpointContract::outputType)
			.containsExactly("OrderReply", "PaymentProcessedReply", "CancelOrderReply", "None");
		assertThat(created).extracting(EndpointContract::outputSchema).containsOnlyNulls();
	}

	@Test
	void queriesAndHandlersOutsideTheServiceQueueRetryInProcessOnly() {
		register("GetOrderQuery", MessageKind.QUERY, GetOrderQuery.class, Delivery.SERVICE_QUEUE, Reply.class);
		register("OrderPlaced", MessageKind.EVENT, OrderPlaced.class, Delivery.PARTITIONED, void.class);
		assertThat(this.contracts.create(NOW)).extracting(EndpointContract::maxRetries).containsExactly(2, 2);
	}

	@Test
	void handlerOfAPayloadThatIsNoMessageClassHasNoInputSchema() {
		register("LegacyAuditEvent", MessageKind.EVENT, Map.class, Delivery.SERVICE_QUEUE, null);
		assertThat(this.contracts.create(NOW).get(0).inputSchema()).isNull();
	}

	@Test
	void durationsAreWrittenAsGoPrintsThem() {
		assertThat(GoDurations.format(Duration.ofSeconds(30))).isEqualTo("30s");
		assertThat(GoDurations.format(Duration.ofSeconds(120))).isEqualTo("2m0s");
		assertThat(GoDurations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
		assertThat(GoDurations.format(Duration.ofHours(2))).isEqualTo("2h0m0s");
		assertThat(GoDurations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
		assertThat(GoDurations.format(Duration.ofMillis(500))).isEqualTo("500ms");
		assertThat(GoDurations.format(Duration.ofNanos(1500))).isEqualTo("1.5µs");
		assertThat(GoDurations.format(Duration.ofNanos(7))).isEqualTo("7ns");
		assertThat(GoDurations.format(Duration.ZERO)).isEqualTo("0s");
		assertThat(GoDurations.format(Duration.ofSeconds(3723, 40_000_000))).isEqualTo("1h2m3.04s");
	}

	private void register(String type, MessageKind kind, Class<?> payloadType, Delivery delivery,
			Class<?> replyType) {
		this.handlers.register(new HandlerDefinition(type, kind, payloadType, (message, context) -> null, type, false,
				delivery, replyType));
	}

	private static RetryPolicySettings policy(int attempts, int redeliveries) {
		return new RetryPolicySettings(attempts, Duration.ofMillis(1), 2, Duration.ofSeconds(1), Duration.ZERO,
				java.util.Collections.nCopies(redeliveries, Duration.ofSeconds(1)), List.of(), List.of());
	}

	record PlaceOrderCommand(String orderId) implements Command {
	}

	record PlaceOrderReply(boolean success, String orderId) implements Reply {
	}

	record CancelOrderCommand(String orderId) implements Command {
	}

	record ProcessPaymentCommand(String orderId) implements Command {
	}

	record GetOrderQuery(String orderId) implements Query {
	}

	record OrderPlaced(String aggregateId) implements Event {
	}

}
