package io.mmate.topology;

import java.util.List;

/**
 * The exchanges every Mmate service declares: durable {@code topic} exchanges without arguments, exactly as Go
 * declares them, so that any service may declare them first.
 */
public final class Exchanges {

	/** Commands, routed by {@code cmd.{targetService}.{type}}. */
	public static final String COMMANDS = "mmate.commands";

	/** Events, routed by {@code evt.{aggregateId}.{type}}. */
	public static final String EVENTS = "mmate.events";

	/** Queries, routed by {@code qry.{type}}. */
	public static final String QUERIES = "mmate.queries";

	/**
	 * General messages: where Go's {@code Publish} sends a command, event or query given no exchange, with its usual
	 * routing key, and where Go's request/reply server sends replies, routed by the reply queue's name.
	 */
	public static final String MESSAGES = "mmate.messages";

	/** Contract announcements. */
	public static final String CONTRACTS = "mmate.contracts";

	/** Dead letters, routed by {@code dlq.{queue}}. */
	public static final String DEAD_LETTER = "mmate.dlx";

	/** All six, in declaration order. */
	public static final List<String> ALL = List.of(COMMANDS, EVENTS, QUERIES, MESSAGES, CONTRACTS, DEAD_LETTER);

	private Exchanges() {
	}

}
