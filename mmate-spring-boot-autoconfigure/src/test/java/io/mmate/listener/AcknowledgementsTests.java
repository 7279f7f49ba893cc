package io.mmate.listener;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.mmate.failure.FailureRules;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.ChannelProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link Acknowledgements}: which acknowledgements reach the channel, and when.
 */
class AcknowledgementsTests {

	private final List<String> sent = new CopyOnWriteArrayList<>();

	private final Channel channel = recordingChannel();

	@Test
	void handledMessagesAreAcknowledgedTogetherOnceTheBatchIsFull() {
		Acknowledgements acknowledgements = new Acknowledgements(settings(250, 4));
		for (long tag = 1; tag <= 9; tag++) {
			acknowledgements.ack(this.channel, tag);
		}
		assertThat(this.sent).startsWith("ack 4 multiple", "ack 8 multiple");
		// The ninth waits for more, then goes on its own shortly after.
		await().atMost(Duration.ofSeconds(2)).until(() -> this.sent.contains("ack 9"));
		assertThat(this.sent).containsExactly("ack 4 multiple", "ack 8 multiple", "ack 9");
	}

	@Test
	void anotherSettlementSendsWhatIsGatheredFirst() {
		Acknowledgements acknowledgements = new Acknowledgements(settings(250, 32));
		acknowledgements.ack(this.channel, 1);
		acknowledgements.ack(this.channel, 2);
		acknowledgements.reject(this.channel, 3);
		acknowledgements.requeue(this.channel, 4);
		assertThat(this.sent).containsExactly("ack 2 multiple", "reject 3", "nack 4 requeue");
	}

	@Test
	void aHeldDeliveryIsNotCoveredByALaterMultipleAcknowledgement() {
		Acknowledgements acknowledgements = new Acknowledgements(settings(250, 2));
		acknowledgements.ack(this.channel, 1);
		acknowledgements.hold(this.channel);
		acknowledgements.ack(this.channel, 3);
		acknowledgements.ack(this.channel, 4);
		acknowledgements.release(this.channel, 2);
		acknowledgements.ack(this.channel, 5);
		acknowledgements.ack(this.channel, 6);
		assertThat(this.sent).containsExactly("ack 1", "ack 3", "ack 4", "ack 2", "ack 6 multiple");
	}

	@Test
	void aSmallPrefetchIsAcknowledgedMessageByMessage() {
		Acknowledgements acknowledgements = new Acknowledgements(settings(1, 32));
		acknowledgements.ack(this.channel, 1);
		acknowledgements.ack(this.channel, 2);
		assertThat(this.sent).containsExactly("ack 1", "ack 2");
	}

	@Test
	void flushSendsWhatIsGathered() {
		Acknowledgements acknowledgements = new Acknowledgements(settings(250, 32));
		acknowledgements.ack(this.channel, 1);
		acknowledgements.flush();
		assertThat(this.sent).containsExactly("ack 1");
	}

	@Test
	void aChannelTheCacheHasLetGoOfIsLeftAlone() {
		Acknowledgements acknowledgements = new Acknowledgements(settings(250, 32));
		ChannelProxy closed = (ChannelProxy) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { ChannelProxy.class }, (proxy, method, args) -> null);
		acknowledgements.ack(closed, 1);
		acknowledgements.reject(closed, 2);
		acknowledgements.flush();
		assertThat(this.sent).isEmpty();
	}

	@Test
	void aChannelThatClosedJustBeforeItsFirstSettlementIsForgottenWithoutFailing() {
		Acknowledgements acknowledgements = new Acknowledgements(settings(250, 32));
		// A closed channel calls a shutdown listener as soon as it is added, on the adding thread.
		Channel closing = (Channel) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Channel.class },
				(proxy, method, args) -> {
					switch (method.getName()) {
						case "addShutdownListener" -> ((ShutdownListener) args[0])
							.shutdownCompleted(new ShutdownSignalException(false, false, null, proxy));
						case "isOpen" -> {
							return false;
						}
						case "basicAck" -> this.sent.add("ack " + args[0]);
						case "hashCode" -> {
							return System.identityHashCode(proxy);
						}
						case "equals" -> {
							return proxy == args[0];
						}
						default -> {
						}
					}
					return null;
				});
		acknowledgements.ack(closing, 1);
		acknowledgements.flush();
		assertThat(acknowledgements.channels()).isEmpty();
		// The gathered acknowledgement's delayed flush finds the channel closed and sends nothing.
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> this.sent.isEmpty());
	}

	private static ListenerSettings settings(int prefetch, int messagesPerAck) {
		return new ListenerSettings("acks-queue",
				new ListenerSettings.Consumption(prefetch, 1, AcknowledgeMode.AFTER_HANDLER, messagesPerAck),
				new FailureRules(true, true, 0), true, Duration.ofSeconds(1));
	}

	private Channel recordingChannel() {
		return (Channel) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Channel.class },
				(proxy, method, args) -> {
					switch (method.getName()) {
						case "isOpen" -> {
							return true;
						}
						case "basicAck" -> this.sent.add("ack " + args[0] + (((boolean) args[1]) ? " multiple" : ""));
						case "basicReject" -> this.sent.add("reject " + args[0]);
						case "basicNack" -> this.sent.add("nack " + args[0] + (((boolean) args[2]) ? " requeue" : ""));
						case "hashCode" -> {
							return System.identityHashCode(proxy);
						}
						case "equals" -> {
							return proxy == args[0];
						}
						default -> {
						}
					}
					return null;
				});
	}

}
