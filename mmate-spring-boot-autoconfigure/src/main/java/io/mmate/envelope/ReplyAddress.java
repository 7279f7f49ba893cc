package io.mmate.envelope;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Finds a delivery's reply address among the places senders put it, and checks it before anything is sent to it.
 *
 * <p>The first place that holds a non-empty text wins: the payload's {@code replyTo} (where Mmate's requesters put
 * it and Go's responder looks), the envelope's {@code replyTo}, the AMQP {@code reply-to} property (.NET), then the
 * headers {@code x-reply-to} (Go's envelope factory), {@code reply-to} (Go's {@code WithReplyTo}) and
 * {@code replyTo} (Go's {@code WithPublishReplyTo}); a header in the AMQP table wins over the envelope's header of
 * the same name. An empty text counts as none, since Go writes {@code "replyTo": ""} into every query.
 *
 * <p>The address becomes the routing key of the reply, an AMQP short string: more than {@value #MAX_BYTES} UTF-8
 * bytes, or a control character, makes the message undecodable rather than fail its reply later.
 */
final class ReplyAddress {

	/** The longest AMQP short string, and so the longest queue name, in UTF-8 bytes. */
	static final int MAX_BYTES = 255;

	private static final String[] HEADERS = { WireHeaders.REPLY_TO, WireHeaders.PLAIN_REPLY_TO,
			WireHeaders.CAMEL_REPLY_TO };

	private ReplyAddress() {
	}

	/**
	 * The reply address of a delivery.
	 * @param type the message type, named when the address is refused
	 * @param payload the payload's {@code replyTo}, or {@code null}
	 * @param envelope the envelope's {@code replyTo}, or {@code null}
	 * @param property the AMQP {@code reply-to} property, or {@code null}
	 * @param headers the merged headers
	 * @return the address, or {@code null} when no place holds one
	 * @throws UndecodableMessageException if the address is not a valid queue name
	 */
	static String find(String type, String payload, String envelope, String property, Map<String, Object> headers) {
		if (hasText(payload)) {
			return checked(type, payload, "payload 'replyTo'");
		}
		if (hasText(envelope)) {
			return checked(type, envelope, "envelope 'replyTo'");
		}
		if (hasText(property)) {
			return checked(type, property, "AMQP property 'reply-to'");
		}
		for (String header : HEADERS) {
			String value = HeaderValues.asText(headers.get(header));
			if (hasText(value)) {
				return checked(type, value, "header '" + header + "'");
			}
		}
		return null;
	}

	private static String checked(String type, String address, String field) {
		// Three UTF-8 bytes at most per char: a short address needs no encoding to be counted.
		if (address.length() * 3 > MAX_BYTES) {
			int bytes = address.getBytes(StandardCharsets.UTF_8).length;
			if (bytes > MAX_BYTES) {
				throw new UndecodableMessageException("Reply address of message type '" + type + "' in " + field
						+ " is " + bytes + " UTF-8 bytes long, more than the " + MAX_BYTES + " of an AMQP queue name",
						null);
			}
		}
		for (int i = 0; i < address.length(); i++) {
			if (Character.isISOControl(address.charAt(i))) {
				throw new UndecodableMessageException("Reply address of message type '" + type + "' in " + field
						+ " contains a control character, which no queue name has", null);
			}
		}
		return address;
	}

	private static boolean hasText(String value) {
		return value != null && !value.isEmpty();
	}

}
