package io.mmate;

import java.util.List;

/**
 * A message's payload breaks the constraints of its class: thrown before the handler is called when its parameter is
 * marked {@code @Valid} and Jakarta Bean Validation is on the class path. It names each violation by its field path.
 * It is a permanent failure by default (listed in {@code mmate.retry.permanent-exceptions}): the message is
 * dead-lettered with the reason {@code validation-failed}, and a waiting requester gets an error reply
 * {@code VALIDATION_FAILED} whose message lists the violations.
 */
public class MessageValidationException extends RuntimeException {

	private final String messageType;

	private final List<String> violations;

	/**
	 * Create the exception.
	 * @param messageType the message type name
	 * @param violations each violation as {@code fieldPath: message}, for example
	 * {@code amount: must be greater than 0}
	 */
	public MessageValidationException(String messageType, List<String> violations) {
		super("Message type '" + messageType + "' is invalid: " + String.join("; ", violations));
		this.messageType = messageType;
		this.violations = List.copyOf(violations);
	}

	/**
	 * The message type name.
	 * @return the type name
	 */
	public String getMessageType() {
		return this.messageType;
	}

	/**
	 * The violations, each as {@code fieldPath: message}.
	 * @return the violations, sorted by field path
	 */
	public List<String> getViolations() {
		return this.violations;
	}

}
