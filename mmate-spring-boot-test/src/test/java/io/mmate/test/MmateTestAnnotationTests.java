package io.mmate.test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.rabbitmq.client.AddressResolver;
import io.mmate.DeadLetterReason;
import io.mmate.MessageRequester;
import io.mmate.MessageScheduler;
import io.mmate.RequestTimeoutException;
import io.mmate.listener.ListenerContainerLifecycle;
import io.mmate.schedule.SchedulingLifecycle;
import io.mmate.test.WorkMessages.GetPrice;
import io.mmate.test.WorkMessages.PriceReply;
import io.mmate.test.WorkMessages.Work;
import io.mmate.topology.TopologyDeclarer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

import static io.mmate.test.MmateAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests of {@link MmateTest} on a {@code @SpringBootTest}: the harness replaces the broker transport, nothing
 * connects to the broker (although one answers on the port the connection factory points at), and each test starts
 * with a fresh harness.
 */
@SpringBootTest(classes = MmateTestAnnotationTests.Application.class,
		properties = { "mmate.service-name=" + HarnessContexts.SERVICE, "mmate.retry.initial-backoff=1ms" })
@MmateTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MmateTestAnnotationTests {

	@Autowired
	private MmateTestHarness harness;

	@Autowired
	private ApplicationContext context;

	@Test
	@Order(1)
	void aTestLeavesMessagesResultsStubsAndTimeBehind() {
		this.context.getBean(WorkHandlers.class).permanent.set(true);
		assertThat(this.harness.sendCommand(new Work("w-1"))).wasDeadLetteredWith(DeadLetterReason.HANDLER_FAILED);
		this.harness.respond(GetPrice.class, (query) -> new PriceReply(query.sku(), null));
		this.harness.advance(Duration.ofHours(1));
		this.context.getBean(WorkHandlers.class).permanent.set(false);
		assertThat(this.harness.deadLetters()).hasSize(1);
	}

	@Test
	@Order(2)
	void theNextTestStartsWithAFreshHarness() {
		assertThat(this.harness.deadLetters()).isEmpty();
		assertThat(this.harness.results()).isEmpty();
		assertThat(((HarnessClock) this.harness.clock()).offset()).isZero();
		assertThatExceptionOfType(RequestTimeoutException.class).isThrownBy(() -> this.context
			.getBean(MessageRequester.class)
			.requestAndWait(new GetPrice("SKU-1"), PriceReply.class, Duration.ofSeconds(1)));
	}

	@Test
	@Order(3)
	void theHarnessStandsInForTheBrokerAndNothingConnects() {
		assertThat(this.harness.sendCommand(new Work("w-2"))).wasHandled();
		assertThat(this.context.getBean(MessageRequester.class)).isInstanceOf(HarnessMessageRequester.class);
		assertThat(this.context.getBean(MessageScheduler.class)).isInstanceOf(HarnessMessageScheduler.class);
		assertThat(this.context.getBeansOfType(ListenerContainerLifecycle.class).values())
			.isNotEmpty()
			.noneMatch(ListenerContainerLifecycle::isRunning);
		assertThat(this.context.getBean(TopologyDeclarer.class).isRunning()).isFalse();
		assertThat(this.context.getBeansOfType(SchedulingLifecycle.class)).isEmpty();
		assertThat(this.context.getBean(CountingConnectionFactory.class).connections).hasValue(0);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

		@Bean
		WorkHandlers workHandlers(io.mmate.MessagePublisher publisher) {
			return new WorkHandlers(publisher);
		}

		// Points at the local broker's port, where one may well answer: the test shows it is never asked.
		@Bean
		CountingConnectionFactory connectionFactory() {
			return new CountingConnectionFactory();
		}

	}

	static class CountingConnectionFactory extends CachingConnectionFactory {

		final AtomicInteger connections;

		CountingConnectionFactory() {
			this(new AtomicInteger());
		}

		private CountingConnectionFactory(AtomicInteger connections) {
			super(new CountingRabbitConnectionFactory(connections));
			this.connections = connections;
			setHost("127.0.0.1");
			setPort(5672);
		}

	}

	// Every connection of the RabbitMQ client goes through this method, probes on a clone of the factory included.
	static class CountingRabbitConnectionFactory extends com.rabbitmq.client.ConnectionFactory {

		private final AtomicInteger connections;

		CountingRabbitConnectionFactory(AtomicInteger connections) {
			this.connections = connections;
		}

		@Override
		public com.rabbitmq.client.Connection newConnection(ExecutorService executor,
				AddressResolver addressResolver, String clientProvidedName) throws IOException, TimeoutException {
			this.connections.incrementAndGet();
			return super.newConnection(executor, addressResolver, clientProvidedName);
		}

	}

}
