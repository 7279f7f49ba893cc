package io.mmate.dispatch;

import io.mmate.Command;
import io.mmate.ErrorReply;
import io.mmate.MessageKind;
import io.mmate.Reply;
import io.mmate.TypedErrorReply;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HandlerDefinition}: which reply class a failure is answered as.
 */
class HandlerDefinitionTests {

	@Test
	void handlerDeclaredToReturnAConcreteReplyClassIsAnsweredAsThatClass() {
		assertThat(declaredToReturn(StockReply.class).failureReplyType()).isEqualTo(StockReply.class);
	}

	@Test
	void handlerDeclaredToReturnAnythingElseIsAnsweredWithAnErrorReply() {
		for (Class<?> type : new Class<?>[] { Reply.class, StatusReply.class, AbstractReply.class, ErrorReply.class,
				TypedErrorReply.class, void.class, Object.class, String.class }) {
			assertThat(declaredToReturn(type).failureReplyType()).as(type.getName()).isNull();
		}
	}

	@Test
	void handlerRegisteredWithoutAReturnTypeIsAnsweredWithAnErrorReply() {
		HandlerDefinition handler = new HandlerDefinition("Reserve", MessageKind.COMMAND, Reserve.class,
				(message, context) -> null, "test");
		assertThat(handler.returnType()).isNull();
		assertThat(handler.failureReplyType()).isNull();
	}

	private static HandlerDefinition declaredToReturn(Class<?> returnType) {
		return new HandlerDefinition("Reserve", MessageKind.COMMAND, Reserve.class, (message, context) -> null, "test",
				false, HandlerDefinition.Delivery.SERVICE_QUEUE, returnType);
	}

	record Reserve(String sku) implements Command {

	}

	record StockReply(boolean success, int available) implements Reply {

	}

	interface StatusReply extends Reply {

	}

	abstract static class AbstractReply implements Reply {

	}

}
