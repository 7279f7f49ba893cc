package io.mmate.envelope;

import java.math.BigDecimal;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.LongString;

/**
 * Header values as the RabbitMQ client writes them into an AMQP field table: values of the types a table holds pass
 * as they are; a class becomes its name and anything else its text, as Spring AMQP does for its headers.
 */
final class AmqpHeaderValues {

	private AmqpHeaderValues() {
	}

	/**
	 * Headers ready for {@code BasicProperties}.
	 * @param headers the headers
	 * @return the same map when every value fits a table, else a converted copy
	 */
	static Map<String, Object> convert(Map<String, Object> headers) {
		for (Object value : headers.values()) {
			if (!fitsTable(value)) {
				Map<String, Object> converted = new HashMap<>(headers.size());
				headers.forEach((name, each) -> converted.put(name, fitsTable(each) ? each
						: (each instanceof Class<?> type) ? type.getName() : String.valueOf(each)));
				return converted;
			}
		}
		return headers;
	}

	private static boolean fitsTable(Object value) {
		return value == null || value instanceof String || value instanceof LongString || value instanceof Integer
				|| value instanceof Long || value instanceof Boolean || value instanceof Short || value instanceof Byte
				|| value instanceof Double || value instanceof Float || value instanceof BigDecimal
				|| value instanceof Date || value instanceof byte[] || value instanceof Map || value instanceof List;
	}

}
