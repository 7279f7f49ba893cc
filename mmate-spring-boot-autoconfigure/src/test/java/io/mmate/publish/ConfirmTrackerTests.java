package io.mmate.publish;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.mmate.PublishReceipt;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link ConfirmTracker}.
 */
class ConfirmTrackerTests {

	@Test
	void aPublishOnItsWayToTheChannelIsNotOverdue() throws Exception {
		Channel channel = mock(Channel.class);
		given(channel.getNextPublishSeqNo()).willReturn(1L);
		CountDownLatch writing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		willAnswer((invocation) -> {
			writing.countDown();
			release.await(10, TimeUnit.SECONDS);
			return null;
		}).given(channel).basicPublish(anyString(), anyString(), anyBoolean(), any(), any());
		ConfirmTracker tracker = new ConfirmTracker(channel, Runnable::run, (t, unconfirmed, cause) -> {
		});
		PendingPublish publish = new PendingPublish(new PublishReceipt("m-1", "mmate.queries", "qry.Ping"), false,
				new AMQP.BasicProperties(), new byte[0], Duration.ofSeconds(10).toNanos());
		CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
			try {
				tracker.send(publish);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
		// The sweep for overdue confirms runs on another thread while the client writes the message.
		assertThat(tracker.overdue(System.nanoTime())).isEmpty();
		release.countDown();
		sending.get(10, TimeUnit.SECONDS);
		assertThat(tracker.overdue(System.nanoTime())).isEmpty();
		assertThat(tracker.overdue(System.nanoTime() + Duration.ofSeconds(11).toNanos())).containsExactly(publish);
	}

}
