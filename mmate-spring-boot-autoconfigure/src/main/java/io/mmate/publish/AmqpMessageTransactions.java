package io.mmate.publish;

import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.Function;

import com.rabbitmq.client.Channel;
import io.mmate.MessagePublisher;
import io.mmate.MessageTransactions;
import io.mmate.PublishException;
import io.mmate.UnroutableMessageException;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.RabbitUtils;

/**
 * {@link MessageTransactions} on an AMQP transaction: a transactional channel per call. The broker routes the
 * messages only on commit, so a mandatory message that no queue is bound for fails after the others were committed:
 * "all or none" covers failures of the caller and of the broker, not routing.
 */
public class AmqpMessageTransactions implements MessageTransactions {

	private final ConnectionFactory connectionFactory;

	private final Function<PublishSink, MessagePublisher> publishers;

	/**
	 * Create the transactions.
	 * @param connectionFactory the connection factory
	 * @param publishers makes a publisher that publishes into a sink, with the usual routing, encoding and
	 * interceptors
	 */
	public AmqpMessageTransactions(ConnectionFactory connectionFactory,
			Function<PublishSink, MessagePublisher> publishers) {
		this.connectionFactory = connectionFactory;
		this.publishers = publishers;
	}

	@Override
	public void publishAtomically(Consumer<MessagePublisher> work) {
		// The connection factory keeps transactional channels apart from the others.
		Channel channel = this.connectionFactory.createConnection().createChannel(true);
		TransactionSink sink = null;
		try {
			sink = new TransactionSink(channel);
			work.accept(this.publishers.apply(sink));
			sink.commit();
		}
		catch (UnroutableMessageException ex) {
			throw ex;
		}
		catch (RuntimeException | IOException ex) {
			if (sink != null) {
				sink.rollback(ex);
			}
			throw (ex instanceof RuntimeException runtime) ? runtime
					: new PublishException("The transaction could not be committed: " + ex.getMessage(), "", "", ex);
		}
		finally {
			RabbitUtils.closeChannel(channel);
		}
	}

}
