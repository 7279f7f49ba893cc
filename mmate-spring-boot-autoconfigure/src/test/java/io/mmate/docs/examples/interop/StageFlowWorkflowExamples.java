package io.mmate.docs.examples.interop;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.mmate.PermanentFailureException;
import io.mmate.stageflow.Workflow;
import io.mmate.stageflow.WorkflowRunner;

import org.springframework.context.annotation.Bean;

/**
 * Defining and starting a StageFlow workflow, in {@code docs/stageflow.md}. Documentation example: compiled, and
 * compared with the guide by {@code DocsExamplesTests}.
 */
class StageFlowWorkflowExamples {

	record OrderState(String orderId, BigDecimal amount, String reservationId, String paymentId) {

		OrderState reserved(String reservationId) {
			return new OrderState(this.orderId, this.amount, reservationId, this.paymentId);
		}

		OrderState paid(String paymentId) {
			return new OrderState(this.orderId, this.amount, this.reservationId, paymentId);
		}

	}

	interface Inventory {

		String reserve(String orderId);

		void release(String reservationId);

	}

	interface Payments {

		String charge(String orderId, BigDecimal amount);

		void refund(String paymentId);

	}

	static class Configuration {

		// tag::define[]
		@Bean
		Workflow<OrderState> orderFulfilment(Inventory inventory, Payments payments) {
			return Workflow.define("order-fulfilment", OrderState.class)
				.name("Order fulfilment")
				.stage("reserve-stock", (order, context) -> order.reserved(inventory.reserve(order.orderId())),
						(order, original, context) -> inventory.release(order.reservationId()))
				.stage("charge-payment", (order, context) -> {
					if (order.amount().signum() <= 0) {
						throw new PermanentFailureException("nothing to charge");
					}
					return order.paid(payments.charge(order.orderId(), order.amount()));
				}, (order, original, context) -> payments.refund(order.paymentId()))
				.stage("ship", (order, context) -> order)
				.build();
		}
		// end::define[]

	}

	static class MixedConfiguration {

		// tag::mixed[]
		@Bean
		Workflow<OrderState> orderFulfilmentWithGo(Payments payments) {
			// Stock and shipping are a Go service's stages; only the payment runs here.
			return Workflow.define("order-fulfilment", OrderState.class)
				.remoteStage("reserve-stock")
				.stage("charge-payment",
						(order, context) -> order.paid(payments.charge(order.orderId(), order.amount())))
				.remoteStage("ship")
				.build();
		}
		// end::mixed[]

	}

	static class Starting {

		private final WorkflowRunner runner;

		private final Workflow<OrderState> orderFulfilment;

		Starting(WorkflowRunner runner, Workflow<OrderState> orderFulfilment) {
			this.runner = runner;
			this.orderFulfilment = orderFulfilment;
		}

		// tag::run[]
		CompletableFuture<OrderState> fulfil(String orderId, BigDecimal amount) {
			OrderState initial = new OrderState(orderId, amount, null, null);
			return this.runner.run(this.orderFulfilment, initial, Duration.ofMinutes(5));
		}
		// end::run[]

	}

}
