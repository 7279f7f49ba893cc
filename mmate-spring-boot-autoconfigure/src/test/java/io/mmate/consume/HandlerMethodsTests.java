package io.mmate.consume;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;

import io.mmate.Command;
import io.mmate.MmateConfigurationException;
import io.mmate.MmateHandler;
import io.mmate.PermanentFailureException;
import io.mmate.Reply;
import io.mmate.dispatch.HandlerDefinition;
import io.mmate.envelope.TypeRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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

	@Test
	void futureOfAReplyIsWaitedForAndRecordsTheReplyType() throws Exception {
		HandlerDefinition definition = definition("reserveLater");
		assertThat(definition.returnType()).isEqualTo(StockReply.class);
		assertThat(definition.failureReplyType()).isEqualTo(StockReply.class);
		assertThat(definition.handler().handle(new Reserve("sku-1"), null)).isEqualTo(new StockReply(true, 7));
		assertThat(definition("releaseLater").returnType()).isEqualTo(Void.class);
		assertThat(definition("releaseLater").handler().handle(new Release("sku-1"), null)).isNull();
	}

	@Test
	void failedFutureFailsTheHandlerWithItsCause() {
		HandlerDefinition definition = definition("checkLater");
		assertThatExceptionOfType(PermanentFailureException.class)
			.isThrownBy(() -> definition.handler().handle(new Check("sku-1"), null))
			.withMessage("no such sku");
	}

	@Test
	void futureOfSomethingElseIsRefusedNamingTheType() {
		Method method = ReflectionUtils.findMethod(InvalidHandlers.class, "count", (Class<?>[]) null);
		assertThatExceptionOfType(MmateConfigurationException.class)
			.isThrownBy(() -> HandlerMethods.definition(new InvalidHandlers(), method, new TypeRegistry()))
			.withMessageContaining("java.util.concurrent.CompletableFuture<java.lang.Integer>");
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

		@MmateHandler
		CompletableFuture<StockReply> reserveLater(Reserve command) {
			return CompletableFuture.supplyAsync(() -> new StockReply(true, 7));
		}

		@MmateHandler
		CompletableFuture<Void> releaseLater(Release command) {
			return CompletableFuture.runAsync(() -> {
			});
		}

		@MmateHandler
		CompletableFuture<StockReply> checkLater(Check command) {
			return CompletableFuture.supplyAsync(() -> 1).thenApply((ignored) -> {
				throw new PermanentFailureException("no such sku");
			});
		}

	}

	static class InvalidHandlers {

		@MmateHandler
		CompletableFuture<Integer> count(Check command) {
			return CompletableFuture.completedFuture(1);
		}

	}

}
