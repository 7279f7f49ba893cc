package io.mmate.publish;

import io.mmate.ErrorReply;
import io.mmate.MessageType;
import io.mmate.OutgoingMessage;
import io.mmate.PublishOptions;
import io.mmate.Reply;
import io.mmate.TypedErrorReply;
import io.mmate.envelope.TypeRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MessageRouting} of replies.
 */
class MessageRoutingTests {

	private final MessageRouting routing = new MessageRouting(new TypeRegistry());

	@Test
	void replyGoesThroughTheDefaultExchangeToItsQueueUnderItsTypeName() {
		OutgoingMessage reply = this.routing.reply(ErrorReply.of("X", "y"), "bridge.reply.a1b2c3d4",
				PublishOptions.defaults());
		assertThat(reply.exchange()).isEmpty();
		assertThat(reply.routingKey()).isEqualTo("bridge.reply.a1b2c3d4");
		assertThat(reply.typeName()).isEqualTo("ErrorReply");
	}

	@Test
	void typedErrorReplyCarriesTheTypeNameOfItsReplyClass() {
		assertThat(this.routing.reply(TypedErrorReply.of(StockReply.class, "X", "y"), "q", PublishOptions.defaults())
			.typeName()).isEqualTo("StockReply");
		assertThat(this.routing.reply(TypedErrorReply.of(RenamedReply.class, "X", "y"), "q", PublishOptions.defaults())
			.typeName()).isEqualTo("InventoryReply");
	}

	record StockReply(boolean success, int available) implements Reply {

	}

	@MessageType("InventoryReply")
	record RenamedReply(boolean success) implements Reply {

	}

}
