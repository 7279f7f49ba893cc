package io.mmate.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.mmate.MessageRequester;
import io.mmate.MmateHandler;
import io.mmate.benchmarks.RequestReplyResponders.Echo;
import io.mmate.benchmarks.RequestReplyResponders.Ping;

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
import org.springframework.stereotype.Component;

/**
 * Request/reply latency and throughput with a fixed number of requests in flight: Mmate's {@link MessageRequester}
 * against a responder service with an {@link MmateHandler}, and plain Spring AMQP as a baseline, an
 * {@link AsyncRabbitTemplate} with direct reply-to against a {@link RabbitListener}, both with Spring Boot's defaults
 * and the same small JSON query and reply. Each responder runs in an application context of its own. The variants
 * alternate round by round so that both see the same broker; every figure is the median of the rounds.
 */
@Component
class RequestReplyBenchmark implements ApplicationRunner {

	private static final int[] IN_FLIGHT = { 1, 16, 64 };

	private static final int WARM_UP = 500;

	private static final int REQUESTS = 3_000;

	private static final int ROUNDS = 5;

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String MMATE = "Mmate";

	private static final String SPRING_AMQP = "Spring AMQP";

	private static final String REQUESTS_PER_SECOND = "req/s";

	private static final String P50 = "p50 ms";

	private static final String P99 = "p99 ms";

	private final MessageRequester requester;

	private final ConnectionFactory connectionFactory;

	RequestReplyBenchmark(MessageRequester requester, ConnectionFactory connectionFactory) {
		this.requester = requester;
		this.connectionFactory = connectionFactory;
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		if (!args.getNonOptionArgs().contains("requestreply")) {
			return;
		}
		// Names of this run only, so that runs on a shared broker do not answer each other's requests.
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String service = "mmate-bench-requestreply-" + suffix;
		String queue = "spring-bench-requestreply-" + suffix;
		Results results = new Results("requestreply", String.format(
				"requests in flight (%,d requests a round after %,d to warm up, median of %d rounds)", REQUESTS,
				WARM_UP, ROUNDS), REQUESTS_PER_SECOND, P50, P99);
		try (ConfigurableApplicationContext mmateResponder = RequestReplyResponders.mmate(service);
				ConfigurableApplicationContext springResponder = RequestReplyResponders.springAmqp(queue)) {
			RabbitTemplate rabbit = new RabbitTemplate(this.connectionFactory);
			rabbit.setMessageConverter(new JacksonJsonMessageConverter());
			AsyncRabbitTemplate async = new AsyncRabbitTemplate(rabbit);
			async.start();
			try {
				Variant mmate = (number) -> this.requester.request(new Ping(number), Echo.class, TIMEOUT)
					.thenApply(Echo::number);
				Variant spring = (number) -> async
					.convertSendAndReceiveAsType("", queue, new Ping(number), new ParameterizedTypeReference<Echo>() {
					})
					.thenApply(Echo::number);
				for (int inFlight : IN_FLIGHT) {
					String condition = String.valueOf(inFlight);
					measure(mmate, inFlight, WARM_UP);
					measure(spring, inFlight, WARM_UP);
					for (int round = 0; round < ROUNDS; round++) {
						results.add(condition, MMATE, measure(mmate, inFlight, REQUESTS).figures());
						results.add(condition, SPRING_AMQP, measure(spring, inFlight, REQUESTS).figures());
					}
				}
			}
			finally {
				async.stop();
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

	/**
	 * Send requests, keeping the given number in flight: the next is sent as soon as a reply frees a place.
	 * @param variant how to send a request
	 * @param inFlight how many requests wait for their replies at any time
	 * @param requests how many requests in all
	 * @return the round's throughput and latencies
	 */
	private static Round measure(Variant variant, int inFlight, int requests) throws Exception {
		Semaphore places = new Semaphore(inFlight);
		CountDownLatch replied = new CountDownLatch(requests);
		long[] latencies = new long[requests];
		AtomicInteger wrong = new AtomicInteger();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		long start = System.nanoTime();
		for (int i = 0; i < requests; i++) {
			places.acquire();
			int number = i;
			long sent = System.nanoTime();
			variant.request(number).whenComplete((echoed, ex) -> {
				latencies[number] = System.nanoTime() - sent;
				if (ex != null) {
					failure.compareAndSet(null, ex);
				}
				else if (echoed != number) {
					wrong.incrementAndGet();
				}
				places.release();
				replied.countDown();
			});
		}
		if (!replied.await(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS)) {
			throw new IllegalStateException(replied.getCount() + " of " + requests + " requests got no reply in time");
		}
		double rate = Results.rate(requests, start);
		if (failure.get() != null) {
			throw new IllegalStateException("A request failed", failure.get());
		}
		if (wrong.get() > 0) {
			throw new IllegalStateException(wrong.get() + " replies answered another request");
		}
		Arrays.sort(latencies);
		return new Round(rate, percentile(latencies, 50), percentile(latencies, 99));
	}

	private static double percentile(long[] sortedNanos, int percent) {
		// The nearest-rank percentile: the smallest latency that the given share of requests did not exceed.
		int rank = (int) Math.ceil(percent / 100.0 * sortedNanos.length);
		return sortedNanos[Math.max(rank, 1) - 1] / 1e6;
	}

	/**
	 * One way of sending a request and receiving its reply.
	 */
	@FunctionalInterface
	private interface Variant {

		/**
		 * Send a query with the given number.
		 * @param number the number
		 * @return completes with the number the reply echoes
		 */
		CompletableFuture<Integer> request(int number);

	}

	private record Round(double requestsPerSecond, double p50Millis, double p99Millis) {

		double[] figures() {
			return new double[] { this.requestsPerSecond, this.p50Millis, this.p99Millis };
		}

	}

}
