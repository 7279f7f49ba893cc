package io.mmate.dispatch;

/**
 * Decides whether a reply may go to the address a request names. The address comes from the sender, so a reply must
 * not go wherever it says: to a queue the service consumes itself, say, where the reply would be handled as a new
 * message. A refused reply is not sent; the request itself is still handled and acknowledged.
 */
@FunctionalInterface
public interface ReplyAddressCheck {

	/** Permits every address. */
	ReplyAddressCheck ANY = (address, requestType) -> true;

	/**
	 * Whether a reply may be sent to an address; a refusal is reported by the check.
	 * @param address the reply address the request names
	 * @param requestType the type of the request, for the report
	 * @return {@code true} to send the reply
	 */
	boolean permits(String address, String requestType);

}
