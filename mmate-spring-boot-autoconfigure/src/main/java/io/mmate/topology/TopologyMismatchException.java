package io.mmate.topology;

import io.mmate.MmateConfigurationException;

/**
 * The broker already has a queue or exchange of this name with other properties or arguments than this service
 * declares. The broker refuses such a declaration, so the service stops at start-up with this message instead of
 * retrying forever.
 */
public class TopologyMismatchException extends MmateConfigurationException {

	/**
	 * Create the exception.
	 * @param description what differs
	 * @param action the settings that decide it and how to fix it
	 * @param cause the broker's refusal
	 */
	public TopologyMismatchException(String description, String action, Throwable cause) {
		super(description, action, cause);
	}

}
