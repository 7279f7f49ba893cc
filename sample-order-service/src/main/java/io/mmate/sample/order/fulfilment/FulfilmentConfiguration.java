package io.mmate.sample.order.fulfilment;

import io.mmate.stageflow.Workflow;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The order fulfilment workflow: {@code reserve-stock}, {@code charge-payment}, {@code ship}, each run by the starter
 * from a queue of its own. When a stage fails for good, the stages completed before it are compensated, last first:
 * a declined payment releases the reserved stock. Only when StageFlow runs ({@code mmate.enabled} and
 * {@code mmate.stageflow.enabled} not {@code false}), as does {@link FulfilmentController}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = { "mmate.enabled", "mmate.stageflow.enabled" }, matchIfMissing = true)
public class FulfilmentConfiguration {

	/** The workflow's id, part of the names of its queues ({@code stageflow.order-fulfilment.stage0}, ...). */
	public static final String WORKFLOW_ID = "order-fulfilment";

	@Bean
	Workflow<FulfilmentState> orderFulfilment(FulfilmentStages stages) {
		return Workflow.define(WORKFLOW_ID, FulfilmentState.class)
			.name("Order fulfilment")
			.stage("reserve-stock", stages::reserveStock, stages::releaseStock)
			.stage("charge-payment", stages::chargePayment, stages::refundPayment)
			// The last stage needs no compensation: nothing runs after it that could fail.
			.stage("ship", stages::ship)
			.build();
	}

}
