package io.mmate.integration;

import java.math.BigDecimal;

import io.mmate.Command;
import io.mmate.Event;
import io.mmate.MessageType;
import io.mmate.Query;
import io.mmate.Reply;

/**
 * Messages used by the integration tests.
 */
final class Contracts {

	private Contracts() {
	}

	record ShipParcel(String parcelId, int weight) implements Command {
	}

	record ParcelShipped(String parcelId, BigDecimal cost) implements Event {

		@Override
		public String aggregateId() {
			return this.parcelId;
		}

	}

	record FindParcel(String parcelId) implements Query {
	}

	record ParcelReply(boolean success, String parcelId, String status) implements Reply {
	}

	@MessageType("LegacyParcelCommand")
	record RenamedCommand(String parcelId) implements Command {
	}

}
