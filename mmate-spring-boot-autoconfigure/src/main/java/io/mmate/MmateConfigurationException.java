package io.mmate;

/**
 * The application cannot start as configured: a setting is missing or contradicts the broker, or a handler is
 * declared in a way the starter cannot serve. It says what is wrong and what to do about it, which Spring Boot prints
 * as the failure's description and action.
 */
public class MmateConfigurationException extends IllegalStateException {

	private final String description;

	private final String action;

	/**
	 * Create the exception.
	 * @param description what is wrong, naming the setting, handler, queue or bean
	 * @param action what to do about it
	 */
	public MmateConfigurationException(String description, String action) {
		this(description, action, null);
	}

	/**
	 * Create the exception.
	 * @param description what is wrong, naming the setting, handler, queue or bean
	 * @param action what to do about it
	 * @param cause what revealed it, such as the broker's refusal
	 */
	public MmateConfigurationException(String description, String action, Throwable cause) {
		super(description + " " + action, cause);
		this.description = description;
		this.action = action;
	}

	/**
	 * What is wrong.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	/**
	 * What to do about it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
