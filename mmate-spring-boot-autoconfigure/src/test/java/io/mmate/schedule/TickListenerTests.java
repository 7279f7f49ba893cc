package io.mmate.schedule;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.mmate.Event;
import io.mmate.MessagePublisher;
import io.mmate.PublishOptions;
import io.mmate.PublishReceipt;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.scheduling.support.CronExpression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link TickListener}: one message per tick, whatever tokens arrive.
 */
class TickListenerTests {

	private static final Instant T = Instant.parse("2025-07-08T10:31:00Z");

	private final List<String> actions = new ArrayList<>();

	private final List<PublishOptions> published = new ArrayList<>();

	private final MutableClock clock = new MutableClock(T);

	private final RecordingTokens tokens = new RecordingTokens();

	private RecurringSchedule.TickSource source = (tick) -> new Ticked("tick " + tick);

	private final TickListener listener = new TickListener(schedule(), this.tokens, publisher(), "billing",
			this.clock);

	@Test
	void dueTokenIsPassedOnBeforeTheTickIsPublished() {
		this.listener.onMessage(token(T));
		assertThat(this.actions).containsExactly("token " + T.plusSeconds(1), "event tick " + T);
	}

	@Test
	void tickMessageHasAnIdDerivedFromServiceScheduleAndTickAndNamesThem() {
		this.listener.onMessage(token(T));
		PublishOptions options = this.published.get(0);
		assertThat(options.messageId()).isEqualTo(TickListener.messageId("billing", "report", T))
			.isNotEqualTo(TickListener.messageId("billing", "report", T.plusSeconds(1)))
			.isNotEqualTo(TickListener.messageId("shipping", "report", T));
		assertThat(options.headers()).containsEntry("x-mmate-schedule", "report")
			.containsEntry("x-mmate-schedule-tick", "2025-07-08T10:31:00Z");
	}

	@Test
	void duplicateAndOlderTokensAreDropped() {
		this.listener.onMessage(token(T));
		this.actions.clear();
		this.listener.onMessage(token(T));
		this.listener.onMessage(token(T.minusSeconds(1)));
		assertThat(this.actions).isEmpty();
		this.clock.now = T.plusSeconds(1);
		this.listener.onMessage(token(T.plusSeconds(1)));
		assertThat(this.actions).containsExactly("token " + T.plusSeconds(2), "event tick " + T.plusSeconds(1));
	}

	@Test
	void earlyTokenWaitsAgainForItsTick() {
		this.clock.now = T.minusMillis(300);
		this.listener.onMessage(token(T));
		assertThat(this.actions).containsExactly("token " + T);
		this.clock.now = T;
		this.listener.onMessage(token(T));
		assertThat(this.actions).contains("event tick " + T);
	}

	@Test
	void lateTokenPublishesItsTickOnceAndSkipsTheTicksMissedSince() {
		this.clock.now = T.plusMillis(10_500);
		this.listener.onMessage(token(T));
		assertThat(this.actions).containsExactly("token " + T.plusSeconds(11), "event tick " + T);
	}

	@Test
	void tokenThatCouldNotBePassedOnIsNotTakenForADuplicateWhenRedelivered() {
		this.tokens.failNext = true;
		assertThatException().isThrownBy(() -> this.listener.onMessage(token(T)));
		assertThat(this.actions).isEmpty();
		this.listener.onMessage(token(T));
		assertThat(this.actions).containsExactly("token " + T.plusSeconds(1), "event tick " + T);
	}

	@Test
	void failingTickIsSkippedAndTheScheduleGoesOn() {
		this.source = (tick) -> {
			throw new IllegalStateException("report store down");
		};
		this.listener.onMessage(token(T));
		assertThat(this.actions).containsExactly("token " + T.plusSeconds(1));
	}

	@Test
	void nullSkipsTheTick() {
		this.source = (tick) -> null;
		this.listener.onMessage(token(T));
		assertThat(this.actions).containsExactly("token " + T.plusSeconds(1));
	}

	private RecurringSchedule schedule() {
		return new RecurringSchedule("report", "mmate.schedule.billing.report", "mmate.schedule.billing.report.wait",
				CronExpression.parse("* * * * * *"), ZoneOffset.UTC, null, (tick) -> this.source.produce(tick),
				"test schedule");
	}

	private static Message token(Instant tick) {
		MessageProperties properties = new MessageProperties();
		properties.setHeader(ScheduledHeaders.SCHEDULE, "report");
		properties.setHeader(ScheduledHeaders.SCHEDULE_TICK, tick.toEpochMilli());
		return new Message(new byte[0], properties);
	}

	private MessagePublisher publisher() {
		return (MessagePublisher) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { MessagePublisher.class }, (proxy, method, arguments) -> {
					if (method.getName().equals("publishEvent") && arguments.length == 2) {
						this.actions.add("event " + ((Ticked) arguments[0]).text());
						this.published.add((PublishOptions) arguments[1]);
						return CompletableFuture.completedFuture(new PublishReceipt("id", "mmate.events", "evt"));
					}
					throw new UnsupportedOperationException(method.getName());
				});
	}

	record Ticked(String text) implements Event {
	}

	private final class RecordingTokens extends TickTokens {

		boolean failNext;

		RecordingTokens() {
			super(null, null, null, null);
		}

		@Override
		public CompletableFuture<PublishReceipt> publish(RecurringSchedule schedule, Instant tick) {
			if (this.failNext) {
				this.failNext = false;
				return CompletableFuture.failedFuture(new IllegalStateException("broker gone"));
			}
			TickListenerTests.this.actions.add("token " + tick);
			return CompletableFuture.completedFuture(new PublishReceipt("t", "", schedule.waitQueue()));
		}

	}

	private static final class MutableClock extends Clock {

		Instant now;

		MutableClock(Instant now) {
			this.now = now;
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
