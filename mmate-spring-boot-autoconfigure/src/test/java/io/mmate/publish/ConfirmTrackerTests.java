package io.mmate.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

	@Test
	void acknowledgedPublishesCompleteOnTheAckExecutorAndRefusedOrReturnedOnesOnTheOther() throws Exception {
		Channel channel = mock(Channel.class);
		given(channel.getNextPublishSeqNo()).willReturn(1L, 2L, 3L, 4L, 5L);
		List<String> completedOn = new ArrayList<>();
		ConfirmTracker tracker = new ConfirmTracker(channel, (task) -> run(task, "completions", completedOn),
				(task) -> run(task, "acks", completedOn), (t, unconfirmed, cause) -> {
				});
		PendingPublish acked = send(tracker, "m-1", false);
		PendingPublish nacked = send(tracker, "m-2", false);
		PendingPublish returned = send(tracker, "m-3", true);
		PendingPublish ackedTogether = send(tracker, "m-4", false);
		PendingPublish returnedTogether = send(tracker, "m-5", true);
		tracker.handleAck(1, false);
		tracker.handleNack(2, false);
		tracker.handleReturn(312, "NO_ROUTE", "mmate.queries", "qry.Ping",
				new AMQP.BasicProperties.Builder().messageId("m-3").build(), new byte[0]);
		tracker.handleAck(3, false);
		tracker.handleReturn(312, "NO_ROUTE", "mmate.queries", "qry.Ping",
				new AMQP.BasicProperties.Builder().messageId("m-5").build(), new byte[0]);
		tracker.handleAck(5, true);
		assertThat(completedOn).containsExactly("acks", "completions", "completions", "acks", "completions");
		assertThat(acked.future).isCompleted();
		assertThat(ackedTogether.future).isCompleted();
		assertThat(nacked.future).isCompletedExceptionally();
		assertThat(returned.future).isCompletedExceptionally();
		assertThat(returnedTogether.future).isCompletedExceptionally();
		assertThat(tracker.idle()).isTrue();
	}

	private static PendingPublish send(ConfirmTracker tracker, String id, boolean mandatory) throws Exception {
		PendingPublish publish = new PendingPublish(new PublishReceipt(id, "mmate.queries", "qry.Ping"), mandatory,
				new AMQP.BasicProperties.Builder().messageId(id).build(), new byte[0],
				Duration.ofSeconds(10).toNanos());
		tracker.send(publish);
		return publish;
	}

	private static void run(Runnable task, String executor, List<String> completedOn) {
		completedOn.add(executor);
		task.run();
	}

}
