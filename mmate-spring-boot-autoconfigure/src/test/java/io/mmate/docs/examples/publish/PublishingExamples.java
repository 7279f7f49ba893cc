package io.mmate.docs.examples.publish;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import io.mmate.BatchMessage;
import io.mmate.BatchResult;
import io.mmate.Command;
import io.mmate.Event;
import io.mmate.MessagePublisher;
import io.mmate.MessageTransactions;
import io.mmate.PublishOptions;
import io.mmate.PublishReceipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishing, in {@code docs/publishing.md}. Documentation example: compiled, and compared with the guide by
 * {@code DocsExamplesTests}.
 */
final class PublishingExamples {

	private static final Logger log = LoggerFactory.getLogger(PublishingExamples.class);

	record OrderPlacedEvent(String orderId, BigDecimal amount) implements Event {
		@Override
		public String aggregateId() {
			return orderId;
		}
	}

	record PlaceOrderCommand(String orderId, String customerId, BigDecimal amount) implements Command {
	}

	record ReserveStockCommand(String orderId, String sku, int quantity) implements Command {
	}

	private PublishingExamples() {
	}

	static PublishReceipt publish(MessagePublisher publisher) {
		// tag::publish[]
		// completes when the broker confirms the event; fails when it refuses it or does not confirm in time
		publisher.publishEvent(new OrderPlacedEvent("o-1", new BigDecimal("12.50")))
			.whenComplete((receipt, failure) -> {
				if (failure != null) {
					log.warn("Order event not published: {}", failure.getMessage());
				}
			});

		// blocks until confirmed; throws the PublishException (or UnroutableMessageException) itself
		PublishReceipt receipt = publisher.sendCommandAndWait(
				new PlaceOrderCommand("o-2", "c-1", new BigDecimal("7.00")), "order-service",
				PublishOptions.defaults().withTtl(Duration.ofMinutes(5)).withHeader("x-tenant", "acme"));
		// end::publish[]
		return receipt;
	}

	static void batchAndTransaction(MessagePublisher publisher, MessageTransactions transactions) {
		OrderPlacedEvent placed = new OrderPlacedEvent("o-1", new BigDecimal("12.50"));
		ReserveStockCommand reserve = new ReserveStockCommand("o-1", "sku-1", 2);
		// tag::batch[]
		BatchResult result = publisher
			.publishBatch(List.of(BatchMessage.event(placed), BatchMessage.command(reserve, "stock-service")))
			.join();
		for (BatchResult.Failure failure : result.failures()) {
			log.warn("Message {} of the batch failed: {}", failure.index(), failure.error().getMessage());
		}

		// one AMQP transaction: if the callback throws, neither is published
		transactions.publishAtomically((atomic) -> {
			atomic.publishEvent(placed);
			atomic.sendCommand(reserve, "stock-service");
		});
		// end::batch[]
	}

}
