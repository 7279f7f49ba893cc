package io.mmate;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Waiting for the starter's futures on behalf of the blocking conveniences, which throw the failure itself (a
 * {@link PublishException}, a {@link RequestTimeoutException}) rather than the {@link CompletionException} around it.
 */
final class Futures {

	private Futures() {
	}

	static <T> T await(CompletableFuture<T> future) {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

}
