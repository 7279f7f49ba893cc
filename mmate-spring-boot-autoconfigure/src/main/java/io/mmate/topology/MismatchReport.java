package io.mmate.topology;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Queue;

/**
 * Explains a declaration the broker refused because the queue or exchange exists with other properties: what differs,
 * as far as the broker's reply text tells it (the first argument that differs, with both values), the setting that
 * decides it, and how to fix it.
 */
final class MismatchReport {

	// RabbitMQ: "inequivalent arg 'x-queue-type' for queue 'q' in vhost '/': received the value 'quorum' of type
	// 'longstr' but current is none".
	private static final Pattern INEQUIVALENT = Pattern.compile("inequivalent arg '([^']*)' for \\w+ '[^']*' in vhost "
			+ "'[^']*': received (none|the value '(.*?)' of type '[^']*'|'(.*?)') but current is "
			+ "(none|the value '(.*?)' of type '[^']*'|'(.*?)')$");

	private MismatchReport() {
	}

	/**
	 * Explain a refused declaration.
	 * @param declarable what was declared
	 * @param replyText the broker's reply text
	 * @return the explanation
	 */
	static String explain(Declarable declarable, String replyText) {
		String kind = kind(declarable);
		StringBuilder report = new StringBuilder(describe(declarable))
			.append(" already exists on the broker with other properties than this service declares");
		Matcher matcher = INEQUIVALENT.matcher((replyText != null) ? replyText : "");
		String argument = matcher.find() ? matcher.group(1) : null;
		if (argument != null) {
			report.append(": argument '").append(argument).append("' differs, the existing ").append(kind)
				.append(" has ").append(value(matcher.group(5), matcher.group(6), matcher.group(7)))
				.append(", this service declares ").append(value(matcher.group(2), matcher.group(3), matcher.group(4)));
		}
		report.append(" (the broker names the first difference only: ").append(replyText).append("). ");
		String settings = (argument != null && declarable instanceof ConfiguredQueue queue)
				? queue.settingsOf(argument) : null;
		if (settings != null) {
			report.append("'").append(argument).append("' is decided by ").append(settings)
				.append(". Set them to match the existing ").append(kind).append(", or ");
		}
		else if (declarable instanceof Exchange) {
			report.append("Every Mmate service declares this exchange durable, of type topic and without arguments, as "
					+ "Mmate's Go services do; no mmate.* setting changes that: ");
		}
		else {
			report.append("No mmate.* setting decides this; ");
		}
		report.append("delete the ").append(kind).append(" so that it is declared again (for example: rabbitmqctl ")
			.append("delete_").append(kind).append(" ").append(name(declarable));
		report.append((declarable instanceof Queue) ? "; deleting a queue drops its messages)." : ").");
		if (declarable instanceof Queue queue) {
			report.append(" This service declares it with the arguments ").append(queue.getArguments()).append('.');
		}
		return report.toString();
	}

	private static String value(String none, String typed, String plain) {
		if ("none".equals(none)) {
			return "none";
		}
		return "'" + ((typed != null) ? typed : plain) + "'";
	}

	static String describe(Declarable declarable) {
		if (declarable instanceof Binding binding) {
			return "binding of queue '" + binding.getDestination() + "' to exchange '" + binding.getExchange()
					+ "' with key '" + binding.getRoutingKey() + "'";
		}
		return kind(declarable) + " '" + name(declarable) + "'";
	}

	static String kind(Declarable declarable) {
		return (declarable instanceof Exchange) ? "exchange" : (declarable instanceof Queue) ? "queue" : "binding";
	}

	static String name(Declarable declarable) {
		if (declarable instanceof Exchange exchange) {
			return exchange.getName();
		}
		return (declarable instanceof Queue queue) ? queue.getName() : "";
	}

}
