package io.mmate.listener;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.mmate.metrics.MessagingEvents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReplyAddressPolicy}.
 */
class ReplyAddressPolicyTests {

	private final List<String> refused = new ArrayList<>();

	private final MessagingEvents events = new MessagingEvents() {

		@Override
		public void replyRefused(String reason) {
			ReplyAddressPolicyTests.this.refused.add(reason);
		}

	};

	private final ReplyAddressPolicy anyAddress = new ReplyAddressPolicy(
			Set.of("orders-queue", "orders-queue.p0", "orders.broadcast.1a2b3c4d"), List.of(), this.events);

	@Test
	void queuesTheServiceConsumesAreRefused() {
		assertThat(this.anyAddress.permits("orders-queue", "GetOrder")).isFalse();
		assertThat(this.anyAddress.permits("orders-queue.p0", "GetOrder")).isFalse();
		assertThat(this.anyAddress.permits("orders.broadcast.1a2b3c4d", "GetOrder")).isFalse();
		assertThat(this.refused).containsOnly("own-queue");
	}

	@Test
	void deadLetterAndStarterQueuesAreRefused() {
		assertThat(this.anyAddress.refusal("dlq.orders-queue")).isEqualTo(ReplyAddressPolicy.Refusal.DEAD_LETTER_QUEUE);
		assertThat(this.anyAddress.refusal("dlq.billing-queue"))
			.isEqualTo(ReplyAddressPolicy.Refusal.DEAD_LETTER_QUEUE);
		assertThat(this.anyAddress.refusal("mmate.delay.scheduled"))
			.isEqualTo(ReplyAddressPolicy.Refusal.STARTER_QUEUE);
		assertThat(this.anyAddress.refusal("mmate.schedule.orders.nightly")).isEqualTo(
				ReplyAddressPolicy.Refusal.STARTER_QUEUE);
	}

	@Test
	void anyOtherAddressIsPermittedWithoutAnAllowList() {
		assertThat(this.anyAddress.permits("bridge.reply.a1b2c3d4", "GetOrder")).isTrue();
		assertThat(this.anyAddress.permits("billing-queue", "GetOrder")).isTrue();
		assertThat(this.refused).isEmpty();
	}

	@Test
	void allowListPermitsOnlyTheAddressesItsPatternsMatch() {
		ReplyAddressPolicy policy = new ReplyAddressPolicy(Set.of("orders-queue"),
				List.of("bridge.reply.*", "legacy-replies"), this.events);
		assertThat(policy.permits("bridge.reply.a1b2c3d4", "GetOrder")).isTrue();
		assertThat(policy.permits("legacy-replies", "GetOrder")).isTrue();
		assertThat(policy.permits("billing-queue", "GetOrder")).isFalse();
		assertThat(policy.refusal("legacy-replies-2")).isEqualTo(ReplyAddressPolicy.Refusal.NOT_ALLOWED);
		// The allow-list cannot open the queues that are always refused.
		ReplyAddressPolicy everything = new ReplyAddressPolicy(Set.of("orders-queue"), List.of("*"), this.events);
		assertThat(everything.permits("orders-queue", "GetOrder")).isFalse();
		assertThat(everything.permits("dlq.orders-queue", "GetOrder")).isFalse();
		assertThat(this.refused).containsExactly("not-allowed", "own-queue", "dead-letter-queue");
	}

	@Test
	void refusalsAreCountedEveryTimeWhileTheLoggedAddressesStayBounded() {
		for (int i = 0; i < ReplyAddressPolicy.MAX_LOGGED_ADDRESSES + 500; i++) {
			assertThat(this.anyAddress.permits("dlq.queue-" + i, "GetOrder")).isFalse();
			assertThat(this.anyAddress.permits("dlq.queue-" + i, "GetOrder")).isFalse();
		}
		assertThat(this.refused).hasSize(2 * (ReplyAddressPolicy.MAX_LOGGED_ADDRESSES + 500));
	}

}
