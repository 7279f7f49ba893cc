package io.mmate.idempotency;

import io.mmate.MessageContext;
import io.mmate.MessageInterceptor;
import io.mmate.dispatch.HandlerDefinition;
import io.mmate.dispatch.HandlerRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.Ordered;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Skips a message whose id its idempotent handler already handled successfully: it is acknowledged without calling
 * the handler. A handler that fails does not mark its message, so the message is retried as usual. It runs just
 * outside the in-process retries, so that one delivery is marked once.
 *
 * <p>Two copies of a message handled at the same moment on different consumers can both pass the check; the store
 * catches the copies that arrive after the first has finished.
 *
 * <p>With a transaction template (the inbox, {@code mmate.idempotency.transactional=true}), the check, the handler and
 * the recording of the id run in one transaction of the application's transaction manager: a handler's database work
 * commits together with its message id or not at all, so a message redelivered after a crash between the two is
 * neither lost nor applied twice, and of two copies handled at the same moment the one that records the id second is
 * rolled back and acknowledged as handled.
 */
public class IdempotencyInterceptor implements MessageInterceptor, Ordered {

	private static final Log logger = LogFactory.getLog(IdempotencyInterceptor.class);

	private final HandlerRegistry handlers;

	private final ProcessedMessageStore store;

	private final boolean allHandlers;

	private final TransactionOperations transactions;

	/**
	 * Create the interceptor.
	 * @param handlers the handlers, which say whether they are idempotent
	 * @param store where handled ids are kept
	 * @param allHandlers whether every handler is idempotent, whatever it says
	 */
	public IdempotencyInterceptor(HandlerRegistry handlers, ProcessedMessageStore store, boolean allHandlers) {
		this(handlers, store, allHandlers, null);
	}

	/**
	 * Create the interceptor of the inbox: the handler and the recording of its message id in one transaction.
	 * @param handlers the handlers, which say whether they are idempotent
	 * @param store where handled ids are kept, in the database of {@code transactions}
	 * @param allHandlers whether every handler is idempotent, whatever it says
	 * @param transactions the transactions of the application's transaction manager, {@code null} for none
	 */
	public IdempotencyInterceptor(HandlerRegistry handlers, ProcessedMessageStore store, boolean allHandlers,
			TransactionOperations transactions) {
		this.handlers = handlers;
		this.store = store;
		this.allHandlers = allHandlers;
		this.transactions = transactions;
	}

	@Override
	public Object intercept(Object message, MessageContext context, Chain chain) throws Exception {
		if (context.messageId() == null || !idempotent(context.messageType())) {
			return chain.proceed(message);
		}
		String key = context.messageType() + ":" + context.messageId();
		if (this.transactions != null) {
			return inTransaction(key, message, context, chain);
		}
		if (this.store.isProcessed(key)) {
			logger.info("Skipping message '" + context.messageId() + "' of type '" + context.messageType()
					+ "' on queue '" + context.queue() + "': it was handled already");
			return null;
		}
		Object result = chain.proceed(message);
		this.store.markProcessed(key);
		return result;
	}

	private Object inTransaction(String key, Object message, MessageContext context, Chain chain) throws Exception {
		try {
			return this.transactions.execute((status) -> {
				if (this.store.isProcessed(key)) {
					logger.info("Skipping message '" + context.messageId() + "' of type '" + context.messageType()
							+ "' on queue '" + context.queue() + "': it was handled already");
					return null;
				}
				Object result;
				try {
					result = chain.proceed(message);
				}
				catch (RuntimeException ex) {
					throw ex;
				}
				catch (Exception ex) {
					throw new HandlerFailure(ex);
				}
				try {
					this.store.markProcessedOnce(key);
				}
				catch (DataIntegrityViolationException ex) {
					// Another copy recorded the id first: its work stands, this copy's is rolled back.
					status.setRollbackOnly();
					logger.info("Rolled back message '" + context.messageId() + "' of type '"
							+ context.messageType() + "' on queue '" + context.queue()
							+ "': another copy of it was handled at the same time");
					return null;
				}
				return result;
			});
		}
		catch (HandlerFailure ex) {
			throw (Exception) ex.getCause();
		}
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

	// Carries a handler's checked exception through the transaction template, which rolls back on it.
	private static final class HandlerFailure extends RuntimeException {

		HandlerFailure(Exception cause) {
			super(cause);
		}

	}

}
