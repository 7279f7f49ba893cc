package io.mmate.idempotency;

import io.mmate.MessageContext;
import io.mmate.MessageInterceptor;
import io.mmate.dispatch.HandlerDefinition;
import io.mmate.dispatch.HandlerRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.Ordered;

/**
 * Skips a message whose id its idempotent handler already handled successfully: it is acknowledged without calling
 * the handler. A handler that fails does not mark its message, so the message is retried as usual. It runs just
 * outside the in-process retries, so that one delivery is marked once.
 *
 * <p>Two copies of a message handled at the same moment on different consumers can both pass the check; the store
 * catches the copies that arrive after the first has finished.
 */
public class IdempotencyInterceptor implements MessageInterceptor, Ordered {

	private static final Log logger = LogFactory.getLog(IdempotencyInterceptor.class);

	private final HandlerRegistry handlers;

	private final ProcessedMessageStore store;

	private final boolean allHandlers;

	/**
	 * Create the interceptor.
	 * @param handlers the handlers, which say whether they are idempotent
	 * @param store where handled ids are kept
	 * @param allHandlers whether every handler is idempotent, whatever it says
	 */
	public IdempotencyInterceptor(HandlerRegistry handlers, ProcessedMessageStore store, boolean allHandlers) {
		this.handlers = handlers;
		this.store = store;
		this.allHandlers = allHandlers;
	}

	@Override
	public Object intercept(Object message, MessageContext context, Chain chain) throws Exception {
		if (context.messageId() == null || !idempotent(context.messageType())) {
			return chain.proceed(message);
		}
		String key = context.messageType() + ":" + context.messageId();
		if (this.store.isProcessed(key)) {
			logger.info("Skipping message '" + context.messageId() + "' of type '" + context.messageType()
					+ "' on queue '" + context.queue() + "': it was handled already");
			return null;
		}
		Object result = chain.proceed(message);
		this.store.markProcessed(key);
		return result;
	}

	private boolean idempotent(String type) {
		if (this.allHandlers) {
			return true;
		}
		HandlerDefinition handler = this.handlers.find(type);
		return handler != null && handler.idempotent();
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 100;
	}

}
