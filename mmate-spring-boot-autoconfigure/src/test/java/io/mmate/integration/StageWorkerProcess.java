package io.mmate.integration;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import io.mmate.autoconfigure.MmateAutoConfiguration;
import io.mmate.autoconfigure.MmateStageFlowAutoConfiguration;
import io.mmate.stageflow.StageContext;
import io.mmate.stageflow.Workflow;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A stage worker in a process of its own, for tests that kill it: runs the three stages of the workflow named by its
 * first argument and prints {@code RAN {instance} {stage}} once each stage has run, {@code READY} once it consumes.
 * The other arguments are Spring properties ({@code --key=value}), the broker's among them.
 */
public final class StageWorkerProcess {

	private StageWorkerProcess() {
	}

	public static void main(String[] args) {
		List<String> properties = new ArrayList<>(List.of(args).subList(1, args.length));
		properties.add("--test.worker-workflow=" + args[0]);
		new SpringApplicationBuilder(Worker.class).web(WebApplicationType.NONE)
			.run(properties.toArray(String[]::new));
		say("READY");
	}

	static synchronized void say(String line) {
		// Flushed at once: the test reads what the process did before it was killed.
		System.out.println(line);
		System.out.flush();
	}

	record Order(String orderId, BigDecimal amount) {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
			MmateAutoConfiguration.class, MmateStageFlowAutoConfiguration.class })
	static class Worker {

		@Bean
		Workflow<Order> killableFulfilment(
				@Value("${test.worker-workflow}") String id) {
			return Workflow.define(id, Order.class)
				.stage("reserve-stock", Worker::run)
				.stage("charge-payment", Worker::run)
				.stage("ship", Worker::run)
				.build();
		}

		private static Order run(Order order, StageContext context) throws InterruptedException {
			// Long enough that a kill lands between a stage's work and its acknowledgement now and then.
			Thread.sleep(2);
			say("RAN " + context.instanceId() + " " + context.stageId());
			return order;
		}

	}

}
