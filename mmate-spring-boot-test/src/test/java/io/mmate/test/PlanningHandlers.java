package io.mmate.test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.mmate.MessageRequester;
import io.mmate.MessageScheduler;
import io.mmate.MmateHandler;
import io.mmate.test.WorkMessages.GetPrice;
import io.mmate.test.WorkMessages.PriceReply;
import io.mmate.test.WorkMessages.PriceWork;
import io.mmate.test.WorkMessages.RemindWork;
import io.mmate.test.WorkMessages.Work;

/**
 * Handlers that schedule and ask: {@link Work} of name {@code remind-*} schedules a {@link RemindWork} to this service
 * 30 minutes later; {@link PriceWork} asks another service for a price.
 */
public class PlanningHandlers {

	static final String SERVICE = "work-service";

	final List<String> reminded = new CopyOnWriteArrayList<>();

	final List<BigDecimal> prices = new CopyOnWriteArrayList<>();

	private final MessageScheduler scheduler;

	private final MessageRequester requester;

	public PlanningHandlers(MessageScheduler scheduler, MessageRequester requester) {
		this.scheduler = scheduler;
		this.requester = requester;
	}

	void remindLater(String name) {
		this.scheduler.scheduleCommand(new RemindWork(name), SERVICE, Instant.now().plus(Duration.ofMinutes(30)))
			.join();
	}

	@MmateHandler
	public void on(RemindWork reminder) {
		this.reminded.add(reminder.name());
	}

	@MmateHandler
	public void on(PriceWork work) {
		PriceReply reply = this.requester.requestAndWait(new GetPrice(work.sku()), PriceReply.class,
				Duration.ofSeconds(5));
		this.prices.add(reply.price());
	}

}
