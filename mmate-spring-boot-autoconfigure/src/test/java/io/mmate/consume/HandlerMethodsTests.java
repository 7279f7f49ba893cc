package io.mmate.consume;

import java.lang.reflect.Method;

import io.mmate.Command;
import io.mmate.MmateHandler;
import io.mmate.Reply;
import io.mmate.dispatch.HandlerDefinition;
import io.mmate.envelope.TypeRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HandlerMethods}: what a handler method's definition records of its signature.
 */
class HandlerMethodsTests {

	@Test
	void definitionKeepsTheDeclaredReturnType() {
		assertThat(definition("reserve").returnType()).isEqualTo(StockReply.class);
		assertThat(definition("reserve").failureReplyType()).isEqualTo(StockReply.class);
		assertThat(definition("check").returnType()).isEqualTo(Reply.class);
		assertThat(definition("check").failureReplyType()).isNull();
		assertThat(definition("release").returnType()).isEqualTo(void.class);
		assertThat(definition("release").failureReplyType()).isNull();
	}

	private static HandlerDefinition definition(String name) {
		Method method = ReflectionUtils.findMethod(Handlers.class, name, (Class<?>[]) null);
		return HandlerMethods.definition(new Handlers(), method, new TypeRegistry());
	}

	record Reserve(String sku) implements Command {

	}

	record Check(String sku) implements Command {

	}

	record Release(String sku) implements Command {

	}

	record StockReply(boolean success, int available) implements Reply {

	}

	static class Handlers {

		@MmateHandler
		StockReply reserve(Reserve command) {
			return new StockReply(true, 1);
		}

		@MmateHandler
		Reply check(Check command) {
			return new StockReply(true, 1);
		}

		@MmateHandler
		void release(Release command) {
		}

	}

}
