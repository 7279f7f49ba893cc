package io.mmate.topology;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;

import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.RabbitUtils;
import org.springframework.amqp.rabbit.support.RabbitExceptionTranslator;

/**
 * Reads the depth and consumers of a service queue and of its dead-letter queue with passive declarations on the
 * application's own connection, and keeps each answer for a while, so that health checks polled every second cost the
 * broker almost nothing. A channel is taken from the connection factory's cache per declaration and given back; no
 * connection is opened for a read.
 */
public class QueueStatsReader {

	private final ConnectionFactory connectionFactory;

	private final Duration timeToLive;

	private final Clock clock;

	private final Map<String, Cached> cache = new HashMap<>();

	/**
	 * Create a reader.
	 * @param connectionFactory the application's connection factory
	 * @param timeToLive how long an answer is reused; zero to read every time
	 */
	public QueueStatsReader(ConnectionFactory connectionFactory, Duration timeToLive) {
		this(connectionFactory, timeToLive, Clock.systemUTC());
	}

	QueueStatsReader(ConnectionFactory connectionFactory, Duration timeToLive, Clock clock) {
		this.connectionFactory = connectionFactory;
		this.timeToLive = timeToLive;
		this.clock = clock;
	}

	/**
	 * The stats of a queue, from the broker unless a recent enough answer is kept.
	 * @param queue the service queue
	 * @param deadLetterQueue whether to read {@code dlq.{queue}} too
	 * @return the stats
	 * @throws org.springframework.amqp.AmqpException if the broker cannot be asked
	 */
	public synchronized QueueStats read(String queue, boolean deadLetterQueue) {
		Cached cached = this.cache.get(queue);
		if (cached != null && this.clock.instant().isBefore(cached.expires())) {
			return cached.stats();
		}
		return refresh(queue, deadLetterQueue);
	}

	/**
	 * The stats of a queue from the broker, kept for the next reads.
	 * @param queue the service queue
	 * @param deadLetterQueue whether to read {@code dlq.{queue}} too
	 * @return the stats
	 * @throws org.springframework.amqp.AmqpException if the broker cannot be asked
	 */
	public synchronized QueueStats refresh(String queue, boolean deadLetterQueue) {
		Connection connection = this.connectionFactory.createConnection();
		AMQP.Queue.DeclareOk service = declarePassive(connection, queue);
		AMQP.Queue.DeclareOk deadLetters = deadLetterQueue ? declarePassive(connection, RoutingKeys.deadLetter(queue))
				: null;
		QueueStats stats = new QueueStats(queue, service != null, (service != null) ? service.getMessageCount() : 0,
				(service != null) ? service.getConsumerCount() : 0,
				(deadLetters != null) ? (long) deadLetters.getMessageCount() : null);
		this.cache.put(queue, new Cached(stats, this.clock.instant().plus(this.timeToLive)));
		return stats;
	}

	private static AMQP.Queue.DeclareOk declarePassive(Connection connection, String queue) {
		// A channel per declaration: the broker closes the channel that asks for a queue it does not have.
		Channel channel = connection.createChannel(false);
		try {
			return channel.queueDeclarePassive(queue);
		}
		catch (IOException ex) {
			if (ex.getCause() instanceof ShutdownSignalException signal
					&& RabbitUtils.isPassiveDeclarationChannelClose(signal)) {
				return null;
			}
			throw RabbitExceptionTranslator.convertRabbitAccessException(ex);
		}
		finally {
			RabbitUtils.closeChannel(channel);
		}
	}

	private record Cached(QueueStats stats, Instant expires) {
	}

}
