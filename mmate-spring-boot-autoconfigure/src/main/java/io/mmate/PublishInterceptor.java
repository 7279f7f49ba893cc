package io.mmate;

import java.util.concurrent.CompletableFuture;

/**
 * Wraps every outgoing message before it reaches the broker: to add headers, log, validate, or stop it. Declare
 * interceptors as beans; {@code @Order} sets their order, lowest outermost.
 */
@FunctionalInterface
public interface PublishInterceptor {

	/**
	 * Intercept one publish.
	 * @param message the outgoing message; use its {@code with...} methods to change it
	 * @param chain the rest of the chain, ending at the broker
	 * @return the publish result; return a failed future to stop the message
	 */
	CompletableFuture<PublishReceipt> intercept(OutgoingMessage message, Chain chain);

	/**
	 * The rest of the publish chain.
	 */
	@FunctionalInterface
	interface Chain {

		/**
		 * Publish through the next interceptor, or to the broker.
		 * @param message the message to publish
		 * @return completes when confirmed
		 */
		CompletableFuture<PublishReceipt> proceed(OutgoingMessage message);

	}

}
