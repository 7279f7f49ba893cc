package io.mmate.docs.examples.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import io.mmate.Command;
import io.mmate.Event;
import io.mmate.MessageScheduler;
import io.mmate.MmateScheduled;
import io.mmate.PublishOptions;
import io.mmate.Query;

/**
 * Scheduling, in {@code docs/scheduling.md}. Documentation example: compiled, and compared with the guide by
 * {@code DocsExamplesTests}.
 */
class SchedulingExamples {

	record ExpireCartCommand(String cartId) implements Command {
	}

	record PaymentReminderDue(String orderId) implements Event {
		@Override
		public String aggregateId() {
			return orderId;
		}
	}

	record GetStockQuery(String sku) implements Query {
	}

	record CloseDayCommand(LocalDate day) implements Command {
	}

	static void schedule(MessageScheduler scheduler, String cartId, String orderId, String sku, String queue) {
		// tag::schedule[]
		scheduler.scheduleCommand(new ExpireCartCommand(cartId), "cart-service", Instant.now().plus(Duration.ofHours(2)));
		scheduler.publishEventWithDelay(new PaymentReminderDue(orderId), Duration.ofDays(3));
		scheduler.sendQueryWithDelay(new GetStockQuery(sku), Duration.ofSeconds(30), PublishOptions.defaults().withReplyTo(queue));
		// end::schedule[]
	}

	// tag::recurring[]
	@MmateScheduled(cron = "0 0 2 * * *", zone = "Europe/Oslo", targetService = "billing-service")
	CloseDayCommand closeDay(Instant tick) {
		return new CloseDayCommand(LocalDate.ofInstant(tick, ZoneId.of("Europe/Oslo")));
	}
	// end::recurring[]

}
