package io.mmate.retry;

import java.util.List;

import io.mmate.PermanentFailureException;
import io.mmate.TransientFailureException;
import io.mmate.envelope.UndecodableMessageException;

/**
 * Decides whether a failure is worth retrying. The exception and its causes are examined in turn, outermost first;
 * the first that the API or the configuration classifies decides. Unclassified failures are transient.
 */
public final class FailureClassifier {

	private FailureClassifier() {
	}

	/**
	 * Whether a failure is permanent under a policy.
	 * @param error the failure
	 * @param policy the policy with configured exception types
	 * @return {@code true} to dead-letter at once, {@code false} to retry
	 */
	public static boolean isPermanent(Throwable error, RetryPolicySettings policy) {
		for (Throwable current = error; current != null; current = nextCause(current)) {
			if (current instanceof PermanentFailureException || current instanceof UndecodableMessageException) {
				return true;
			}
			if (current instanceof TransientFailureException || matches(current, policy.transientTypes())) {
				return false;
			}
			if (matches(current, policy.permanent())) {
				return true;
			}
		}
		return false;
	}

	private static boolean matches(Throwable error, List<Class<? extends Throwable>> types) {
		for (Class<? extends Throwable> type : types) {
			if (type.isInstance(error)) {
				return true;
			}
		}
		return false;
	}

	private static Throwable nextCause(Throwable error) {
		Throwable cause = error.getCause();
		return (cause != error) ? cause : null;
	}

}
