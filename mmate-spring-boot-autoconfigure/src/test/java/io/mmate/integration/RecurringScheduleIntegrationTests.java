package io.mmate.integration;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.mmate.Event;
import io.mmate.MmateScheduled;
import io.mmate.autoconfigure.MmateSchedulingAutoConfiguration;
import io.mmate.schedule.ScheduledHeaders;
import io.mmate.schedule.SchedulingTopology;
import io.mmate.testsupport.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cron schedule every second on a real broker, with two running instances of one service: exactly one message
 * per tick, with stray tick tokens injected (as instances racing at start-up make them) and the instance that holds
 * the schedule stopped half-way.
 */
class RecurringScheduleIntegrationTests {

	/** Method calls, as {@code instance@tick}, across both instances. */
	static final List<String> calls = new CopyOnWriteArrayList<>();

	private final String service = IntegrationTestSupport.uniqueServiceName("cron-it");

	private final String scheduleQueue = SchedulingTopology.scheduleQueue(this.service, "ticker.tick");

	private final String tickQueue = this.service + ".ticks";

	private final Map<Instant, Integer> received = new TreeMap<>();

	private CachingConnectionFactory connectionFactory;

	private RabbitTemplate rabbit;

	private RabbitAdmin admin;

	@BeforeEach
	void bindTickQueue() {
		calls.clear();
		this.connectionFactory = TestBroker.connectionFactory();
		this.rabbit = new RabbitTemplate(this.connectionFactory);
		this.admin = new RabbitAdmin(this.connectionFactory);
		this.admin.declareQueue(new Queue(this.tickQueue, false, false, false));
		this.admin.declareBinding(new Binding(this.tickQueue, Binding.DestinationType.QUEUE, "mmate.events",
				"evt." + this.service + ".CronTick", null));
	}

	@AfterEach
	void deleteQueues() {
		this.admin.deleteQueue(this.tickQueue);
		this.admin.deleteQueue(this.scheduleQueue);
		this.admin.deleteQueue(SchedulingTopology.waitQueue(this.scheduleQueue));
		this.connectionFactory.destroy();
	}

	private ApplicationContextRunner instance(String name) {
		return IntegrationTestSupport.runner()
			.withConfiguration(AutoConfigurations.of(MmateSchedulingAutoConfiguration.class))
			.withPropertyValues("mmate.service-name=" + this.service, "test.instance=" + name)
			.withUserConfiguration(TickerConfiguration.class);
	}

	@Test
	void cronEverySecondWithTwoInstancesPublishesExactlyOneMessagePerTick() {
		List<String> stopped = new ArrayList<>();
		instance("a").run((a) -> instance("b").run((b) -> {
			awaitTicks(3);
			injectStrayTokens();
			awaitTicks(3);
			// The instance that made the latest call holds the schedule: stop it, the other takes over.
			String holder = calls.get(calls.size() - 1).split("@")[0];
			stopped.add(holder + " after tick " + calls.get(calls.size() - 1).split("@")[1]);
			((holder.equals("a")) ? a : b).close();
			awaitTicks(3);
		}));
		// Ticks published just before the contexts closed.
		drain(500);
		List<Instant> ticks = new ArrayList<>(this.received.keySet());
		long distinctCalls = calls.stream().map((call) -> call.split("@")[1]).distinct().count();
		System.out.printf("cron every second, two instances, %s s: %d ticks produced (%d method calls: a %d, b %d), "
				+ "%d messages received, per tick %s; stopped %s%n",
				Duration.between(ticks.get(0), ticks.get(ticks.size() - 1)).toSeconds() + 1, distinctCalls,
				calls.size(), calls.stream().filter((call) -> call.startsWith("a@")).count(),
				calls.stream().filter((call) -> call.startsWith("b@")).count(),
				this.received.values().stream().mapToInt(Integer::intValue).sum(), this.received.values(), stopped);
		assertThat(this.received.values()).as("messages per tick").allMatch((count) -> count == 1);
		assertThat(calls).as("one method call per tick").hasSize(ticks.size());
		for (int i = 1; i < ticks.size(); i++) {
			assertThat(Duration.between(ticks.get(i - 1), ticks.get(i))).as("no tick missed").isEqualTo(
					Duration.ofSeconds(1));
		}
		assertThat(ticks).hasSizeGreaterThanOrEqualTo(9);
	}

	@Test
	void instancesStartingTogetherStillPublishOncePerTick() throws Exception {
		CountDownLatch started = new CountDownLatch(2);
		CountDownLatch done = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			List<Future<?>> instances = new ArrayList<>();
			for (String name : List.of("a", "b")) {
				instances.add(executor.submit(() -> instance(name).run((context) -> {
					assertThat(context).hasNotFailed();
					started.countDown();
					done.await(30, TimeUnit.SECONDS);
				})));
			}
			assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
			awaitTicks(5);
			done.countDown();
			for (Future<?> instance : instances) {
				instance.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			done.countDown();
			executor.shutdownNow();
		}
		drain(500);
		System.out.printf("cron every second, two instances started together: %d ticks produced (%d method calls), "
				+ "%d messages received, per tick %s%n", this.received.size(), calls.size(),
				this.received.values().stream().mapToInt(Integer::intValue).sum(), this.received.values());
		assertThat(this.received.values()).as("messages per tick").allMatch((count) -> count == 1);
		assertThat(calls).as("one method call per tick").hasSize(this.received.size());
	}

	// Tokens for the next two ticks besides the schedule's own: one straight into the schedule queue (early, so it
	// must wait), one into the wait queue, as instances that start at once and each find no token make them.
	private void injectStrayTokens() {
		Instant next = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
		this.rabbit.send("", this.scheduleQueue, token(next.plusSeconds(1), null));
		this.rabbit.send("", SchedulingTopology.waitQueue(this.scheduleQueue),
				token(next, Long.toString(Math.max(0, next.toEpochMilli() - System.currentTimeMillis()))));
	}

	private static Message token(Instant tick, String expiration) {
		MessageProperties properties = new MessageProperties();
		properties.setHeader(ScheduledHeaders.SCHEDULE, "ticker.tick");
		properties.setHeader(ScheduledHeaders.SCHEDULE_TICK, tick.toEpochMilli());
		properties.setExpiration(expiration);
		return new Message(new byte[0], properties);
	}

	private void awaitTicks(int more) {
		int target = this.received.size() + more;
		await().atMost(Duration.ofSeconds(more + 10)).until(() -> {
			drain(100);
			return this.received.size() >= target;
		});
	}

	private void drain(long timeoutMillis) {
		Message message;
		while ((message = this.rabbit.receive(this.tickQueue, timeoutMillis)) != null) {
			Instant tick = Instant.parse(message.getMessageProperties().getHeader(ScheduledHeaders.SCHEDULE_TICK));
			this.received.merge(tick, 1, Integer::sum);
		}
	}

	record CronTick(String service, String tick) implements Event {

		@Override
		public String aggregateId() {
			return this.service;
		}

	}

	static class Ticker {

		private final String instance;

		private final String service;

		Ticker(String instance, String service) {
			this.instance = instance;
			this.service = service;
		}

		@MmateScheduled(cron = "* * * * * *")
		CronTick tick(Instant tick) {
			calls.add(this.instance + "@" + tick);
			return new CronTick(this.service, tick.toString());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TickerConfiguration {

		@Bean
		Ticker ticker(@Value("${test.instance}") String instance, @Value("${mmate.service-name}") String service) {
			return new Ticker(instance, service);
		}

	}

}
