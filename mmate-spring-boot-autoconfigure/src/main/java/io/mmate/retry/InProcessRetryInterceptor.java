package io.mmate.retry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.mmate.MessageContext;
import io.mmate.MessageInterceptor;
import io.mmate.metrics.MessagingEvents;

import org.springframework.core.Ordered;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;

/**
 * Stage one of failure handling: retries the rest of the chain in process with exponential back-off and jitter, as
 * long as the failure is transient and attempts remain. It is the innermost interceptor, so user interceptors run
 * once per delivery. When it gives up it throws {@link AttemptsFailedException} with the number of attempts.
 */
public class InProcessRetryInterceptor implements MessageInterceptor, Ordered {

	private final RetryPolicies policies;

	private final MessagingEvents events;

	private final Map<String, RetryTemplate> templates = new ConcurrentHashMap<>();

	/**
	 * Create the interceptor.
	 * @param policies the retry policies
	 * @param events where retries are reported
	 */
	public InProcessRetryInterceptor(RetryPolicies policies, MessagingEvents events) {
		this.policies = policies;
		this.events = events;
	}

	@Override
	public Object intercept(Object message, MessageContext context, Chain chain) throws Exception {
		// The first attempt runs here, without the template: most messages succeed at once, and the template's state
		// for one execution is then not needed. A failure is handed to the template as the outcome of its own first
		// attempt, so that retrying goes exactly as if the template had made it.
		Throwable firstFailure;
		try {
			return chain.proceed(message);
		}
		catch (Throwable ex) {
			firstFailure = ex;
		}
		RetryPolicySettings policy = this.policies.forType(context.messageType());
		try {
			return template(context.queue(), context.messageType(), policy)
				.execute(new AfterFirstFailure(message, chain, firstFailure));
		}
		catch (RetryException ex) {
			throw new AttemptsFailedException(ex.getExceptions().size(), ex.getLastException());
		}
	}

	private RetryTemplate template(String queue, String type, RetryPolicySettings policy) {
		return this.templates.computeIfAbsent(type, (key) -> {
			RetryTemplate template = new RetryTemplate(RetryPolicy.builder()
				.maxRetries(policy.maxAttempts() - 1)
				.delay(policy.initialBackoff())
				.multiplier(policy.multiplier())
				.maxDelay(policy.maxBackoff())
				.jitter(policy.jitter())
				.predicate((error) -> !FailureClassifier.isPermanent(error, policy))
				.build());
			template.setRetryListener(new RetryListener() {

				@Override
				public void beforeRetry(RetryPolicy retryPolicy, Retryable<?> retryable) {
					InProcessRetryInterceptor.this.events.retried(queue, type, MessagingEvents.RetryStage.IN_PROCESS);
				}

			});
			return template;
		});
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	/**
	 * The rest of the chain as the template retries it, whose first execution is the attempt already made: it throws
	 * that attempt's failure instead of calling the chain again.
	 */
	private static final class AfterFirstFailure implements Retryable<Object> {

		private final Object message;

		private final Chain chain;

		private Throwable firstFailure;

		AfterFirstFailure(Object message, Chain chain, Throwable firstFailure) {
			this.message = message;
			this.chain = chain;
			this.firstFailure = firstFailure;
		}

		@Override
		public Object execute() throws Throwable {
			Throwable failure = this.firstFailure;
			if (failure != null) {
				this.firstFailure = null;
				throw failure;
			}
			return this.chain.proceed(this.message);
		}

	}

}
