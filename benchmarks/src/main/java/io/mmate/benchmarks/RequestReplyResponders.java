package io.mmate.benchmarks;

import java.util.Arrays;

import io.mmate.MessageType;
import io.mmate.MmateHandler;
import io.mmate.PublishInterceptor;
import io.mmate.Query;
import io.mmate.Reply;

import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The responder services of the request/reply benchmark, each an application context of its own with Spring Boot's
 * defaults, answering a {@link Ping} with an {@link Echo} of its number, and its Mmate requesters. Kept out of the
 * benchmark component, whose nested configuration would otherwise be imported into the benchmark application itself.
 */
final class RequestReplyResponders {

	private RequestReplyResponders() {
	}

	/**
	 * Start a Mmate service with a handler for {@link Ping} queries, its listener stopped until the benchmark starts
	 * it.
	 * @param service the service name
	 * @param properties further properties, such as {@code mmate.publisher.header-table=minimal}
	 * @return the running context
	 */
	static ConfigurableApplicationContext mmate(String service, String... properties) {
		String[] all = Arrays.copyOf(properties, properties.length + 2);
		all[properties.length] = "mmate.service-name=" + service;
		all[properties.length + 1] = "mmate.listener.auto-startup=false";
		return start(MmateResponderApplication.class, all);
	}

	/**
	 * Start a Spring AMQP listener that answers {@link Ping} queries sent to a queue, JSON in and out.
	 * @param queue the queue, declared durable
	 * @return the running context
	 */
	static ConfigurableApplicationContext springAmqp(String queue) {
		return start(SpringAmqpResponderApplication.class, "bench.queue=" + queue);
	}

	/**
	 * Start a Mmate application that only sends requests, with its replies on a reply queue or by direct reply-to.
	 * @param replyTo the value of {@code mmate.requests.reply-to}: {@code queue} or {@code direct}
	 * @param properties further properties, such as {@code mmate.requests.persistent-queries=true}
	 * @return the running context, with a {@link io.mmate.MessageRequester}
	 */
	static ConfigurableApplicationContext mmateRequester(String replyTo, String... properties) {
		String[] all = Arrays.copyOf(properties, properties.length + 1);
		all[properties.length] = "mmate.requests.reply-to=" + replyTo;
		return start(MmateRequesterApplication.class, all);
	}

	private static ConfigurableApplicationContext start(Class<?> application, String... properties) {
		return new SpringApplicationBuilder(application).properties(properties)
			.properties("spring.main.web-application-type=none", "spring.rabbitmq.host=127.0.0.1",
					"logging.level.root=warn")
			.run();
	}

	@MessageType("RequestReplyBenchPing")
	record Ping(int number) implements Query {
	}

	@MessageType("RequestReplyBenchEcho")
	record Echo(int number) implements Reply {
	}

	@EnableAutoConfiguration
	static class MmateResponderApplication {

		@Bean
		MmateResponder mmateResponder() {
			return new MmateResponder();
		}

	}

	@EnableAutoConfiguration
	static class MmateRequesterApplication {

		// An interceptor that changes nothing: with one, the starter completes every confirm of a direct reply-to
		// request off the connection's thread, as it must once application code may be chained to it.
		@Bean
		@ConditionalOnBooleanProperty("bench.pass-through-interceptor")
		PublishInterceptor passThroughInterceptor() {
			return (message, chain) -> chain.proceed(message);
		}

	}

	static class MmateResponder {

		@MmateHandler
		Echo on(Ping ping) {
			return new Echo(ping.number());
		}

	}

	@EnableAutoConfiguration
	static class SpringAmqpResponderApplication {

		@Bean
		Queue requestQueue(@Value("${bench.queue}") String name) {
			return new Queue(name);
		}

		@Bean
		MessageConverter jsonMessageConverter() {
			return new JacksonJsonMessageConverter();
		}

		@Bean
		SpringAmqpResponder springAmqpResponder() {
			return new SpringAmqpResponder();
		}

	}

	static class SpringAmqpResponder {

		@RabbitListener(queues = "${bench.queue}")
		Echo on(Ping ping) {
			return new Echo(ping.number());
		}

	}

}
