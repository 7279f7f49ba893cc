package io.mmate;

/**
 * The responder answered a request with an error reply ({@code success: false}).
 */
public class ErrorReplyException extends RuntimeException {

	private final String errorCode;

	private final String errorMessage;

	/**
	 * Create the exception.
	 * @param requestType the request's message type
	 * @param errorCode the reply's error code
	 * @param errorMessage the reply's error message
	 */
	public ErrorReplyException(String requestType, String errorCode, String errorMessage) {
		super("Error reply to '" + requestType + "': " + errorCode + ((errorMessage != null) ? ": " + errorMessage : ""));
		this.errorCode = errorCode;
		this.errorMessage = errorMessage;
	}

	/**
	 * The reply's error code, for example {@code ORDER_NOT_FOUND}.
	 * @return the error code
	 */
	public String getErrorCode() {
		return this.errorCode;
	}

	/**
	 * The reply's error message.
	 * @return the error message, may be {@code null}
	 */
	public String getErrorMessage() {
		return this.errorMessage;
	}

}
