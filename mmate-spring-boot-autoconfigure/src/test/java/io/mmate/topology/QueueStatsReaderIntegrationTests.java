package io.mmate.topology;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.mmate.testsupport.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The queue stats reader on a real broker: counts from passive declarations on the application's one connection,
 * kept for their time to live, and a missing queue reported rather than failing the connection.
 */
class QueueStatsReaderIntegrationTests {

	private final String queue = "stats-it-" + UUID.randomUUID().toString().substring(0, 8) + "-queue";

	private final MutableClock clock = new MutableClock();

	private final AtomicInteger connectionsCreated = new AtomicInteger();

	private CachingConnectionFactory connectionFactory;

	private RabbitAdmin admin;

	@BeforeEach
	void declareQueues() {
		this.connectionFactory = TestBroker.connectionFactory();
		this.connectionFactory.addConnectionListener((ConnectionListener) (connection) -> this.connectionsCreated
			.incrementAndGet());
		this.admin = new RabbitAdmin(this.connectionFactory);
		this.admin.declareQueue(new Queue(this.queue));
		this.admin.declareQueue(new Queue("dlq." + this.queue));
	}

	@AfterEach
	void deleteQueues() {
		this.admin.deleteQueue(this.queue);
		this.admin.deleteQueue("dlq." + this.queue);
		this.connectionFactory.destroy();
	}

	@Test
	void readsReadyMessagesConsumersAndDeadLetters() {
		send(this.queue, 2);
		send("dlq." + this.queue, 1);
		QueueStats stats = reader(Duration.ZERO).read(this.queue, true);
		assertThat(stats).isEqualTo(new QueueStats(this.queue, true, 2, 0, 1L));
		assertThat(reader(Duration.ZERO).read(this.queue, false).deadLetters()).isNull();
	}

	@Test
	void keepsAnAnswerForItsTimeToLiveUnlessRefreshed() {
		QueueStatsReader reader = reader(Duration.ofSeconds(5));
		assertThat(reader.read(this.queue, true).ready()).isZero();
		send(this.queue, 1);
		this.clock.advance(Duration.ofMillis(4999));
		assertThat(reader.read(this.queue, true).ready()).isZero();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(reader.read(this.queue, true).ready()).isEqualTo(1);
		send(this.queue, 1);
		assertThat(reader.refresh(this.queue, true).ready()).isEqualTo(2);
		assertThat(reader.read(this.queue, true).ready()).isEqualTo(2);
	}

	@Test
	void missingQueueIsReportedAndLeavesTheConnectionUsable() {
		QueueStatsReader reader = reader(Duration.ZERO);
		String missing = "missing-" + this.queue;
		assertThat(reader.read(missing, true)).isEqualTo(new QueueStats(missing, false, 0, 0, null));
		send(this.queue, 1);
		assertThat(reader.read(this.queue, true).ready()).isEqualTo(1);
	}

	@Test
	void readsOnTheApplicationsConnectionWithoutOpeningOthers() {
		QueueStatsReader reader = reader(Duration.ZERO);
		int before = this.connectionsCreated.get();
		for (int i = 0; i < 50; i++) {
			reader.read(this.queue, true);
			reader.read("missing-" + this.queue, true);
		}
		assertThat(this.connectionsCreated.get()).isEqualTo(before);
	}

	@Test
	void unreachableBrokerFailsTheRead() {
		CachingConnectionFactory closed = new CachingConnectionFactory("127.0.0.1", 1);
		try {
			assertThatExceptionOfType(AmqpConnectException.class)
				.isThrownBy(() -> new QueueStatsReader(closed, Duration.ZERO).read(this.queue, true));
		}
		finally {
			closed.destroy();
		}
	}

	private QueueStatsReader reader(Duration timeToLive) {
		return new QueueStatsReader(this.connectionFactory, timeToLive, this.clock);
	}

	private void send(String queue, int count) {
		long expected = this.admin.getQueueInfo(queue).getMessageCount() + count;
		RabbitTemplate rabbit = new RabbitTemplate(this.connectionFactory);
		for (int i = 0; i < count; i++) {
			rabbit.convertAndSend("", queue, "message " + i);
		}
		// Publishes are not confirmed: wait until the queue holds them before counting.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.admin.getQueueInfo(queue).getMessageCount() == expected);
	}

	private static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2025-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
