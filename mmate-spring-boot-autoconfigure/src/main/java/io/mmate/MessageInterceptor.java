package io.mmate;

/**
 * Wraps the handling of every consumed message: for logging, validation, enrichment or authorisation. Declare
 * interceptors as beans; {@link org.springframework.core.Ordered} or {@code @Order} sets their order, lowest
 * outermost.
 *
 * <p>Call {@link Chain#proceed(Object)} to go on (with the same or a replaced message); return without calling it to
 * drop the message (it is acknowledged); throw to fail it (it takes the failure path and is dead-lettered).
 */
@FunctionalInterface
public interface MessageInterceptor {

	/**
	 * Intercept one message.
	 * @param message the decoded message
	 * @param context its delivery
	 * @param chain the rest of the chain, ending at the handler
	 * @return the handler's result (a reply, or {@code null})
	 * @throws Exception to fail the message
	 */
	Object intercept(Object message, MessageContext context, Chain chain) throws Exception;

	/**
	 * The rest of the interceptor chain.
	 */
	@FunctionalInterface
	interface Chain {

		/**
		 * Call the next interceptor, or the handler.
		 * @param message the message to pass on
		 * @return the handler's result
		 * @throws Exception when a later interceptor or the handler fails
		 */
		Object proceed(Object message) throws Exception;

	}

}
