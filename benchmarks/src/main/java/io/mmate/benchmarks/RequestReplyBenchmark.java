package io.mmate.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.mmate.MessageRequester;
import io.mmate.MmateHandler;
import io.mmate.benchmarks.RequestReplyResponders.Echo;
import io.mmate.benchmarks.RequestReplyResponders.Ping;
import io.mmate.listener.ListenerContainerLifecycle;

import org.springframework.amqp.rabbit.AsyncRabbitTemplate;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Request/reply throughput and latency with a fixed number of requests in flight ({@code requestreply}): Mmate's
 * {@link MessageRequester} with its replies on a reply queue ({@code mmate.requests.reply-to=queue}) and by direct
 * reply-to ({@code mmate.requests.reply-to=direct}), both also with the minimal header table
 * ({@code mmate.publisher.header-table=minimal} on requester and responder), by direct reply-to with the minimal
 * table and requests published without confirms ({@code mmate.requests.direct-confirms=false}), by direct reply-to
 * with the minimal table and a publish interceptor that changes nothing (with an interceptor, confirms complete off
 * the connection's thread: the cost of that hand-off), and on a reply queue with persistent queries ({@code mmate.requests.persistent-queries=true}), against a responder service with an
 * {@link MmateHandler}, and plain Spring AMQP as a baseline, an {@link AsyncRabbitTemplate} with direct reply-to
 * against a {@link RabbitListener}, all with Spring Boot's defaults and the same small JSON query and reply. Each
 * requester and responder runs in an application context of its own. One change to the baseline: its request
 * timeouts are scheduled on a scheduler that drops a cancelled timeout at once, as Mmate's requester does, so that
 * its answered requests leave no work for the variants that run after it.
 *
 * <p>Each variant runs for the same time, keeping the number of requests in flight; its throughput is the median of
 * its per-second reply rates after the warm-up ({@link SteadyRate}), its latencies those of the requests sent after
 * the warm-up. The variants alternate round by round so that all see the same broker; the table gives the median of
 * the rounds. The CPU per request is that of this JVM, requester and responder together, and of the broker, over the
 * measured seconds. Options: {@code --seconds=} (20), {@code --warm-up=} (5), {@code --rounds=} (3), {@code --in-flight=}
 * ({@code 1,16,64}), {@code --only=} (the variants whose names contain it, and the baseline).
 */
@Component
class RequestReplyBenchmark implements ApplicationRunner {

	private static final String IN_FLIGHT = "1,16,64";

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	static final String MMATE_QUEUE = "Mmate, reply queue";

	static final String MMATE_DIRECT = "Mmate, direct reply-to";

	static final String MMATE_PERSISTENT = "Mmate, reply queue, persistent queries";

	static final String MINIMAL = ", minimal header table";

	static final String UNCONFIRMED = ", requests without confirms";

	static final String PASS_THROUGH = ", a pass-through publish interceptor";

	static final String SPRING_AMQP = "Spring AMQP, direct reply-to";

	private static final String REQUESTS_PER_SECOND = "req/s";

	private static final String P50 = "p50 ms";

	private static final String P99 = "p99 ms";

	private static final String CLIENT_CPU = "client CPU µs/req";

	private static final String BROKER_CPU = "broker CPU µs/req";

	private final CpuMeter cpu = new CpuMeter();

	private final ConnectionFactory connectionFactory;

	RequestReplyBenchmark(ConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		if (!args.getNonOptionArgs().contains("requestreply")) {
			return;
		}
		SteadyRate steady = new SteadyRate(Integer.parseInt(option(args, "seconds", "20")),
				Integer.parseInt(option(args, "warm-up", "5")));
		int rounds = Integer.parseInt(option(args, "rounds", "3"));
		// Names of this run only, so that runs on a shared broker do not answer each other's requests.
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String service = "mmate-bench-requestreply-" + suffix;
		String queue = "spring-bench-requestreply-" + suffix;
		Results results = new Results("requestreply", String.format(
				"requests in flight (median per-second rate over %d s after a %d s warm-up, median of %d rounds)",
				steady.seconds() - steady.warmUp(), steady.warmUp(), rounds), REQUESTS_PER_SECOND, P50, P99,
				CLIENT_CPU, BROKER_CPU);
		String minimal = "mmate.publisher.header-table=minimal";
		// Two responders of one service, consuming in turn: each query is routed to its queue once.
		try (ConfigurableApplicationContext mmateResponder = RequestReplyResponders.mmate(service);
				ConfigurableApplicationContext minimalResponder = RequestReplyResponders.mmate(service, minimal);
				ConfigurableApplicationContext springResponder = RequestReplyResponders.springAmqp(queue);
				ConfigurableApplicationContext queueRequester = RequestReplyResponders.mmateRequester("queue");
				ConfigurableApplicationContext directRequester = RequestReplyResponders.mmateRequester("direct");
				ConfigurableApplicationContext persistentRequester = RequestReplyResponders.mmateRequester("queue",
						"mmate.requests.persistent-queries=true");
				ConfigurableApplicationContext minimalQueueRequester = RequestReplyResponders.mmateRequester("queue",
						minimal);
				ConfigurableApplicationContext minimalDirectRequester = RequestReplyResponders
					.mmateRequester("direct", minimal);
				ConfigurableApplicationContext unconfirmedRequester = RequestReplyResponders.mmateRequester("direct",
						minimal, "mmate.requests.direct-confirms=false");
				ConfigurableApplicationContext interceptedRequester = RequestReplyResponders.mmateRequester("direct",
						minimal, "bench.pass-through-interceptor=true")) {
			ListenerContainerLifecycle full = mmateResponder.getBean(ListenerContainerLifecycle.class);
			ListenerContainerLifecycle lean = minimalResponder.getBean(ListenerContainerLifecycle.class);
			RabbitTemplate rabbit = new RabbitTemplate(this.connectionFactory);
			rabbit.setMessageConverter(new JacksonJsonMessageConverter());
			AsyncRabbitTemplate async = new AsyncRabbitTemplate(rabbit);
			// Its own scheduler keeps each answered request's cancelled timeout queued until it would have been due,
			// 30 s on, and works through them then, in whichever variant runs at that time: removed at once instead.
			ThreadPoolTaskScheduler timeouts = new ThreadPoolTaskScheduler();
			timeouts.setThreadNamePrefix("spring-async-timeouts-");
			timeouts.setRemoveOnCancelPolicy(true);
			timeouts.initialize();
			async.setTaskScheduler(timeouts);
			async.start();
			try {
				String only = option(args, "only", "");
				List<Variant> variants = List
					.of(mmate(MMATE_QUEUE, queueRequester, full), mmate(MMATE_DIRECT, directRequester, full),
							mmate(MMATE_QUEUE + MINIMAL, minimalQueueRequester, lean),
							mmate(MMATE_DIRECT + MINIMAL, minimalDirectRequester, lean),
							mmate(MMATE_DIRECT + MINIMAL + UNCONFIRMED, unconfirmedRequester, lean),
							mmate(MMATE_DIRECT + MINIMAL + PASS_THROUGH, interceptedRequester, lean),
							mmate(MMATE_PERSISTENT, persistentRequester, full),
							new Variant(SPRING_AMQP, null, (number) -> async
								.convertSendAndReceiveAsType("", queue, new Ping(number),
										new ParameterizedTypeReference<Echo>() {
										})
								.thenApply(Echo::number)))
					.stream()
					// The baseline always runs: every figure is given as a ratio to it.
					.filter((variant) -> variant.name().contains(only) || variant.name().equals(SPRING_AMQP))
					.toList();
				for (String inFlightOption : option(args, "in-flight", IN_FLIGHT).split(",")) {
					int inFlight = Integer.parseInt(inFlightOption.trim());
					String condition = String.valueOf(inFlight);
					for (int round = 0; round < rounds; round++) {
						for (Variant variant : variants) {
							results.add(condition, variant.name(), measure(variant, inFlight, steady).figures());
						}
					}
				}
			}
			finally {
				async.stop();
				timeouts.destroy();
			}
		}
		finally {
			// Once the responders have stopped consuming from them.
			RabbitAdmin admin = new RabbitAdmin(this.connectionFactory);
			admin.deleteQueue(queue);
			admin.deleteQueue(service + "-queue");
			admin.deleteQueue("dlq." + service + "-queue");
		}
		results.write(List.of(new Results.Ratio(REQUESTS_PER_SECOND, SPRING_AMQP),
				new Results.Ratio(P99, SPRING_AMQP)));
	}

	private static Variant mmate(String name, ConfigurableApplicationContext requesterContext,
			ListenerContainerLifecycle responder) {
		MessageRequester requester = requesterContext.getBean(MessageRequester.class);
		return new Variant(name, responder,
				(number) -> requester.request(new Ping(number), Echo.class, TIMEOUT).thenApply(Echo::number));
	}

	/**
	 * Send requests for the run's duration, keeping the given number in flight: the next is sent as soon as a reply
	 * frees a place.
	 * @param variant how to send a request
	 * @param inFlight how many requests wait for their replies at any time
	 * @param steady how long to run, and how long the warm-up is
	 * @return the round's steady throughput and the latencies after the warm-up
	 */
	private Round measure(Variant variant, int inFlight, SteadyRate steady) throws Exception {
		if (variant.responder() != null) {
			variant.responder().start();
		}
		try {
			return measureResponding(variant, inFlight, steady);
		}
		finally {
			if (variant.responder() != null) {
				variant.responder().stop();
			}
		}
	}

	private Round measureResponding(Variant variant, int inFlight, SteadyRate steady) throws Exception {
		Semaphore places = new Semaphore(inFlight);
		AtomicLong replied = new AtomicLong();
		AtomicInteger wrong = new AtomicInteger();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		AtomicBoolean sending = new AtomicBoolean(true);
		Latencies latencies = new Latencies();
		long warmUpEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(steady.warmUp());
		Thread sender = new Thread(() -> {
			int number = 0;
			try {
				while (true) {
					places.acquire();
					if (!sending.get() || failure.get() != null) {
						places.release();
						return;
					}
					int sentNumber = number++;
					long sent = System.nanoTime();
					variant.requests().request(sentNumber).whenComplete((echoed, ex) -> {
						if (ex != null) {
							failure.compareAndSet(null, ex);
						}
						else if (echoed != sentNumber) {
							wrong.incrementAndGet();
						}
						else {
							if (sent >= warmUpEnds) {
								latencies.add(System.nanoTime() - sent);
							}
							replied.incrementAndGet();
						}
						places.release();
					});
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "requestreply-sender");
		sender.start();
		Measurement measurement = new Measurement(this.cpu);
		double rate = steady.measure(replied::get, measurement);
		sending.set(false);
		// Every request still in flight completes, with its reply or its timeout, before the next variant runs.
		if (!places.tryAcquire(inFlight, TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS)) {
			throw new IllegalStateException(variant.name() + ": requests still waiting for replies after the run");
		}
		// The sender may be waiting for a place that this thread took: it gets one back, sees the run has ended, and
		// stops without sending.
		places.release(inFlight);
		sender.join();
		if (failure.get() != null) {
			throw new IllegalStateException(variant.name() + ": a request failed", failure.get());
		}
		if (wrong.get() > 0) {
			throw new IllegalStateException(variant.name() + ": " + wrong.get() + " replies answered another request");
		}
		long[] sorted = latencies.sorted();
		return new Round(rate, percentile(sorted, 50), percentile(sorted, 99),
				measurement.clientMicrosPerMessage(measurement.messages()),
				measurement.brokerMicrosPerMessage(measurement.messages()));
	}

	private static double percentile(long[] sortedNanos, int percent) {
		if (sortedNanos.length == 0) {
			throw new IllegalStateException("No request was answered after the warm-up");
		}
		// The nearest-rank percentile: the smallest latency that the given share of requests did not exceed.
		int rank = (int) Math.ceil(percent / 100.0 * sortedNanos.length);
		return sortedNanos[Math.max(rank, 1) - 1] / 1e6;
	}

	private static String option(ApplicationArguments args, String name, String fallback) {
		List<String> values = args.getOptionValues(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : fallback;
	}

	/**
	 * One way of sending a request and receiving its reply.
	 */
	@FunctionalInterface
	private interface Requests {

		/**
		 * Send a query with the given number.
		 * @param number the number
		 * @return completes with the number the reply echoes
		 */
		CompletableFuture<Integer> request(int number);

	}

	private record Variant(String name, ListenerContainerLifecycle responder, Requests requests) {
	}

	/**
	 * The latencies of one run, added from the threads that complete the requests.
	 */
	private static final class Latencies {

		private long[] nanos = new long[1 << 16];

		private int size;

		synchronized void add(long latency) {
			if (this.size == this.nanos.length) {
				this.nanos = Arrays.copyOf(this.nanos, this.size * 2);
			}
			this.nanos[this.size++] = latency;
		}

		synchronized long[] sorted() {
			long[] sorted = Arrays.copyOf(this.nanos, this.size);
			Arrays.sort(sorted);
			return sorted;
		}

	}

	/**
	 * One round of one variant. The CPU per request is that of the requester and the responder together, both in
	 * this JVM, and of the broker, over the measured seconds.
	 */
	private record Round(double requestsPerSecond, double p50Millis, double p99Millis, double clientMicros,
			double brokerMicros) {

		double[] figures() {
			return new double[] { this.requestsPerSecond, this.p50Millis, this.p99Millis, this.clientMicros,
					this.brokerMicros };
		}

	}

}
