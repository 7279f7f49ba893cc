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
			+ "'([^']*)': received (none|the value '(.*?)' of type '[^']*'|'(.*?)') but current is "
			+ "(none|the value '(.*?)' of type '[^']*'|'(.*?)')$");

	private MismatchReport() {
	}

	/**
	 * Explain a refused declaration.
	 * @param declarable what was declared
	 * @param replyText the broker's reply text
	 * @param cause the broker's refusal
	 * @return the failure to start, with what differs and how to fix it
	 */
	static TopologyMismatchException explain(Declarable declarable, String replyText, Throwable cause) {
		String kind = kind(declarable);
		StringBuilder description = new StringBuilder(describe(declarable))
			.append(" already exists on the broker with other properties than this service declares");
		Matcher matcher = INEQUIVALENT.matcher((replyText != null) ? replyText : "");
		boolean inequivalent = matcher.find();
		String argument = inequivalent ? matcher.group(1) : null;
		// The broker's reply names the vhost; where it does not, the command's default vhost is meant.
		String vhost = inequivalent ? matcher.group(2) : "/";
		if (argument != null) {
			description.append(": argument '").append(argument).append("' differs, the existing ").append(kind)
				.append(" has ").append(value(matcher.group(6), matcher.group(7), matcher.group(8)))
				.append(", this service declares ").append(value(matcher.group(3), matcher.group(4), matcher.group(5)));
		}
		description.append(" (the broker names the first difference only: ").append(replyText).append(").");
		if (declarable instanceof Queue queue) {
			description.append(" This service declares it with the arguments ").append(queue.getArguments()).append('.');
		}
		StringBuilder action = new StringBuilder();
		String settings = (argument != null && declarable instanceof ConfiguredQueue queue)
				? queue.settingsOf(argument) : null;
		if (settings != null) {
			action.append("'").append(argument).append("' is decided by ").append(settings)
				.append(". Set them to match the existing ").append(kind).append(", or ");
		}
		else if (declarable instanceof Exchange) {
			action.append("Every Mmate service declares this exchange durable, of type topic and without arguments, as "
					+ "Mmate's Go services do; no mmate.* setting changes that: ");
		}
		else {
			action.append("No mmate.* setting decides this; ");
		}
		action.append("delete the ").append(kind).append(" so that it is declared again (for example: rabbitmqctl -p ")
			.append(vhost).append(" delete_").append(kind).append(" ").append(name(declarable));
		action.append((declarable instanceof Queue) ? "; deleting a queue drops its messages)." : ").");
		return new TopologyMismatchException(description.toString(), action.toString(), cause);
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
