package io.mmate.docs.examples.handle;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.mmate.MessageContext;
import io.mmate.MessageKind;
import io.mmate.MmateHandler;
import io.mmate.MmateHandlerRegistrar;
import io.mmate.docs.examples.quickstart.QuickStartMessages.GetOrderQuery;
import io.mmate.docs.examples.quickstart.QuickStartMessages.OrderPlacedEvent;
import io.mmate.docs.examples.quickstart.QuickStartMessages.OrderReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.context.annotation.Bean;

/**
 * Handlers, in {@code docs/handling.md}. Documentation example: compiled, and compared with the guide by
 * {@code DocsExamplesTests}.
 */
class HandlerExamples {

	private static final Logger log = LoggerFactory.getLogger(HandlerExamples.class);

	interface Notifications {

		CompletableFuture<Void> orderPlaced(String orderId);

	}

	private final Notifications notifications;

	HandlerExamples(Notifications notifications) {
		this.notifications = notifications;
	}

	// tag::handlers[]
	@MmateHandler
	OrderReply on(GetOrderQuery query, MessageContext context) {
		log.info("Query {} for order {} (redelivered: {})", context.messageId(), query.orderId(),
				context.redelivered());
		return new OrderReply(true, query.orderId(), "PLACED");
	}

	// settled when the future completes; bounded, so that the consumer's thread is not held forever
	@MmateHandler(idempotent = true)
	CompletableFuture<Void> on(OrderPlacedEvent event) {
		return notifications.orderPlaced(event.orderId()).orTimeout(10, TimeUnit.SECONDS);
	}
	// end::handlers[]

	// tag::registrar[]
	@Bean
	MmateHandlerRegistrar legacyHandlers() {
		return (handlers) -> handlers.register("LegacyAuditEvent", MessageKind.EVENT, JsonNode.class,
				(payload, context) -> { audit(payload); return null; });
	}
	// end::registrar[]

	private void audit(JsonNode payload) {
		log.info("Audit: {}", payload);
	}

}
