package io.mmate.publish;

import java.util.Map;

import com.rabbitmq.client.AMQP;
import io.mmate.envelope.BoundedText;
import io.mmate.envelope.ShortStrings;

/**
 * What the RabbitMQ client refuses to send, checked before a publish reaches it: names and properties longer than an
 * AMQP short string, headers it cannot encode, and properties that do not fit in one frame. The client finds these
 * only while it writes the message, after it has counted it for publisher confirms, which would leave the channel's
 * confirms out of step.
 */
public final class PublishLimits {

	// Frame type, channel and size; class, weight, body size and property flags; frame end.
	private static final int HEADER_FRAME_OVERHEAD = 7 + 14 + 1;

	private PublishLimits() {
	}

	/**
	 * What would make the client refuse a publish.
	 * @param exchange the exchange
	 * @param routingKey the routing key
	 * @param properties the properties
	 * @param frameMax the connection's largest frame, 0 for no limit
	 * @return what is wrong, or {@code null} when nothing is
	 */
	public static String problem(String exchange, String routingKey, AMQP.BasicProperties properties, int frameMax) {
		String problem = tooLong("exchange name", exchange);
		problem = (problem != null) ? problem : tooLong("routing key", routingKey);
		problem = (problem != null) ? problem : tooLong("content-type property", properties.getContentType());
		problem = (problem != null) ? problem : tooLong("content-encoding property", properties.getContentEncoding());
		problem = (problem != null) ? problem : tooLong("correlation-id property", properties.getCorrelationId());
		problem = (problem != null) ? problem : tooLong("reply-to property", properties.getReplyTo());
		problem = (problem != null) ? problem : tooLong("expiration property", properties.getExpiration());
		problem = (problem != null) ? problem : tooLong("message-id property", properties.getMessageId());
		problem = (problem != null) ? problem : tooLong("type property", properties.getType());
		problem = (problem != null) ? problem : tooLong("user-id property", properties.getUserId());
		problem = (problem != null) ? problem : tooLong("app-id property", properties.getAppId());
		problem = (problem != null) ? problem : tooLong("cluster-id property", properties.getClusterId());
		return (problem != null) ? problem : headerProblem(properties, frameMax);
	}

	private static String tooLong(String what, String value) {
		if (ShortStrings.fits(value)) {
			return null;
		}
		return "the " + what + " is " + ShortStrings.utf8Length(value) + " bytes long (UTF-8), more than the "
				+ ShortStrings.MAX_BYTES + " of an AMQP short string";
	}

	private static String headerProblem(AMQP.BasicProperties properties, int frameMax) {
		Map<String, Object> headers = properties.getHeaders();
		if (headers != null) {
			for (Map.Entry<String, Object> header : headers.entrySet()) {
				if (!(header.getValue() instanceof String) || !ShortStrings.fits(header.getKey())) {
					if (FieldTables.size(header.getKey(), header.getValue()) == FieldTables.UNSENDABLE) {
						return "header '" + BoundedText.of(header.getKey(), 100) + "' "
								+ FieldTables.whyUnsendable(header.getKey(), header.getValue());
					}
				}
			}
		}
		// Counted exactly only when the bound of three bytes per char does not fit: almost never.
		if (frameMax > 0 && frameSize(properties, false) > frameMax) {
			long size = frameSize(properties, true);
			if (size > frameMax) {
				return "its AMQP properties and headers take " + size + " bytes, more than fit in one frame ("
						+ frameMax + " bytes)";
			}
		}
		return null;
	}

	// The size of the content header frame, exactly or at most.
	private static long frameSize(AMQP.BasicProperties properties, boolean exact) {
		long size = HEADER_FRAME_OVERHEAD + shortStrings(properties, exact)
				+ ((properties.getDeliveryMode() != null) ? 1 : 0) + ((properties.getPriority() != null) ? 1 : 0)
				+ ((properties.getTimestamp() != null) ? 8 : 0);
		Map<String, Object> headers = properties.getHeaders();
		if (headers != null) {
			size += 4;
			for (Map.Entry<String, Object> header : headers.entrySet()) {
				size += (header.getValue() instanceof String text)
						? 1 + utf8Length(header.getKey(), exact) + 5 + utf8Length(text, exact)
						: FieldTables.size(header.getKey(), header.getValue());
			}
		}
		return size;
	}

	private static long shortStrings(AMQP.BasicProperties properties, boolean exact) {
		return shortString(properties.getContentType(), exact) + shortString(properties.getContentEncoding(), exact)
				+ shortString(properties.getCorrelationId(), exact) + shortString(properties.getReplyTo(), exact)
				+ shortString(properties.getExpiration(), exact) + shortString(properties.getMessageId(), exact)
				+ shortString(properties.getType(), exact) + shortString(properties.getUserId(), exact)
				+ shortString(properties.getAppId(), exact) + shortString(properties.getClusterId(), exact);
	}

	private static long shortString(String value, boolean exact) {
		return (value != null) ? 1 + utf8Length(value, exact) : 0;
	}

	private static long utf8Length(String text, boolean exact) {
		// No char takes more than three bytes of UTF-8.
		return exact ? ShortStrings.utf8Length(text) : 3L * text.length();
	}

}
