package io.mmate.test;

import java.math.BigDecimal;

import io.mmate.Command;
import io.mmate.Event;
import io.mmate.Query;
import io.mmate.Reply;
import jakarta.validation.constraints.NotBlank;

/**
 * The messages of the handlers the harness is tested with.
 */
final class WorkMessages {

	private WorkMessages() {
	}

	record Work(String name) implements Command {
	}

	record CheckedWork(@NotBlank String name) implements Command {
	}

	record WorkDone(String name) implements Event {

		@Override
		public String aggregateId() {
			return this.name;
		}

	}

	record GetWork(String name) implements Query {
	}

	record WorkReply(String name, String status) implements Reply {
	}

	record RemindWork(String name) implements Command {
	}

	record GetPrice(String sku) implements Query {
	}

	record PriceReply(String sku, BigDecimal price) implements Reply {
	}

	record PriceWork(String sku) implements Command {
	}

	record Tick(String name) implements Event {

		@Override
		public String aggregateId() {
			return this.name;
		}

	}

}
