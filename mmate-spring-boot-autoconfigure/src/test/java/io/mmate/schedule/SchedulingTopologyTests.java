package io.mmate.schedule;

import java.time.ZoneOffset;
import java.util.List;

import io.mmate.delay.DelayMechanism;
import io.mmate.delay.TtlLevelTopology;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.scheduling.support.CronExpression;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SchedulingTopology}: a mechanism and schedules in, declarations out.
 */
class SchedulingTopologyTests {

	@Test
	void relayQueueIsBoundToTheTtlLevelDeliveryExchangeAndHasADeadLetterQueue() {
		Declarables declarables = SchedulingTopology.create(new DelayMechanism.TtlLevels(), List.of());
		assertThat(declarables.getDeclarablesByType(Queue.class)).extracting(Queue::getName)
			.contains("mmate.delay.scheduled", "dlq.mmate.delay.scheduled");
		assertThat(declarables.getDeclarablesByType(Binding.class))
			.anySatisfy((binding) -> {
				assertThat(binding.getDestination()).isEqualTo("mmate.delay.scheduled");
				assertThat(binding.getExchange()).isEqualTo(TtlLevelTopology.CLASSIC.deliveryExchange());
				assertThat(binding.getRoutingKey()).isEqualTo(TtlLevelTopology.deliveryBinding("mmate.delay.scheduled"));
			})
			.anySatisfy((binding) -> {
				assertThat(binding.getDestination()).isEqualTo("dlq.mmate.delay.scheduled");
				assertThat(binding.getExchange()).isEqualTo("mmate.dlx");
			});
	}

	@Test
	void relayQueueIsBoundToThePluginExchangeByItsName() {
		Declarables declarables = SchedulingTopology.create(new DelayMechanism.DelayedMessagePlugin(), List.of());
		assertThat(declarables.getDeclarablesByType(Binding.class)).anySatisfy((binding) -> {
			assertThat(binding.getDestination()).isEqualTo("mmate.delay.scheduled");
			assertThat(binding.getExchange()).isEqualTo("mmate.delay.exchange");
			assertThat(binding.getRoutingKey()).isEqualTo("mmate.delay.scheduled");
		});
	}

	@Test
	void eachScheduleHasASingleActiveConsumerQueueAndAWaitQueueThatExpiresIntoIt() {
		String queue = SchedulingTopology.scheduleQueue("billing", "report.daily");
		RecurringSchedule schedule = new RecurringSchedule("report.daily", queue, SchedulingTopology.waitQueue(queue),
				CronExpression.parse("@daily"), ZoneOffset.UTC, null, (tick) -> null, "test");
		List<Queue> queues = SchedulingTopology.create(new DelayMechanism.TtlLevels(), List.of(schedule))
			.getDeclarablesByType(Queue.class);
		Queue due = queues.stream().filter((q) -> q.getName().equals("mmate.schedule.billing.report.daily"))
			.findFirst().orElseThrow();
		Queue wait = queues.stream().filter((q) -> q.getName().equals("mmate.schedule.billing.report.daily.wait"))
			.findFirst().orElseThrow();
		assertThat(due.isDurable()).isTrue();
		assertThat(due.getArguments()).containsEntry("x-single-active-consumer", true);
		assertThat(wait.isDurable()).isTrue();
		assertThat(wait.getArguments()).containsEntry("x-dead-letter-exchange", "")
			.containsEntry("x-dead-letter-routing-key", "mmate.schedule.billing.report.daily");
	}

	@Test
	void replicatedMechanismMakesEveryQueueAQuorumQueueAndRelaysFromAQueueOfItsOwn() {
		String queue = SchedulingTopology.scheduleQueue("billing", "report.daily");
		RecurringSchedule schedule = new RecurringSchedule("report.daily", queue, SchedulingTopology.waitQueue(queue),
				CronExpression.parse("@daily"), ZoneOffset.UTC, null, (tick) -> null, "test");
		DelayMechanism mechanism = new DelayMechanism.TtlLevels(TtlLevelTopology.REPLICATED);
		Declarables declarables = SchedulingTopology.create(mechanism, List.of(schedule));
		assertThat(declarables.getDeclarablesByType(Queue.class))
			.allSatisfy((q) -> assertThat(q.getArguments()).containsEntry("x-queue-type", "quorum"))
			.extracting(Queue::getName)
			.contains("mmate.delay.quorum.scheduled", "dlq.mmate.delay.quorum.scheduled")
			.doesNotContain("mmate.delay.scheduled");
		Queue wait = declarables.getDeclarablesByType(Queue.class).stream()
			.filter((q) -> q.getName().equals("mmate.schedule.billing.report.daily.wait")).findFirst().orElseThrow();
		assertThat(wait.getArguments()).containsEntry("x-dead-letter-strategy", "at-least-once")
			.containsEntry("x-overflow", "reject-publish");
		assertThat(DelayHop.of(mechanism, java.time.Duration.ofSeconds(3)).route().routingKey())
			.endsWith(".mmate.delay.quorum.scheduled");
	}

}
