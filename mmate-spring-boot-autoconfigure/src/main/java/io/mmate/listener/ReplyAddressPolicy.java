package io.mmate.listener;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.mmate.dispatch.ReplyAddressCheck;
import io.mmate.metrics.MessagingEvents;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.PatternMatchUtils;

/**
 * Where replies may go: never to a queue this service consumes itself (the service queue, its partitions, its
 * broadcast queue), nor to a dead-letter queue ({@code dlq.*}) or a queue of the starter's own ({@code mmate.*}: the
 * scheduled-message relay and the schedule queues every instance consumes, the delay levels); and, when an allow-list
 * of address patterns is configured, only to an address one of them matches. Each refusal is counted; each refused
 * address is logged once, up to {@value #MAX_LOGGED_ADDRESSES} addresses, so that a sender cannot fill the log or
 * the memory with addresses.
 */
public final class ReplyAddressPolicy implements ReplyAddressCheck {

	/** Most refused addresses logged one by one; later ones are only counted. */
	static final int MAX_LOGGED_ADDRESSES = 1000;

	private static final Log logger = LogFactory.getLog(ReplyAddressPolicy.class);

	private static final String DEAD_LETTER_PREFIX = "dlq.";

	private static final String STARTER_PREFIX = "mmate.";

	private final Set<String> ownQueues;

	private final String[] allowed;

	private final MessagingEvents events;

	private final Set<String> logged = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean loggedTooMany = new AtomicBoolean();

	/**
	 * Create the policy.
	 * @param ownQueues the queues this service consumes
	 * @param allowed patterns of the addresses replies may go to, with {@code *} for any characters; empty for any
	 * address that is not refused otherwise
	 * @param events where refusals are counted
	 */
	public ReplyAddressPolicy(Set<String> ownQueues, List<String> allowed, MessagingEvents events) {
		this.ownQueues = Set.copyOf(ownQueues);
		this.allowed = allowed.toArray(new String[0]);
		this.events = events;
	}

	@Override
	public boolean permits(String address, String requestType) {
		Refusal refusal = refusal(address);
		if (refusal == null) {
			return true;
		}
		this.events.replyRefused(refusal.code());
		log(address, requestType, refusal);
		return false;
	}

	/**
	 * Why a reply to an address is refused.
	 * @param address the address
	 * @return the refusal, or {@code null} when a reply may go there
	 */
	Refusal refusal(String address) {
		if (this.ownQueues.contains(address)) {
			return Refusal.OWN_QUEUE;
		}
		if (address.startsWith(DEAD_LETTER_PREFIX)) {
			return Refusal.DEAD_LETTER_QUEUE;
		}
		if (address.startsWith(STARTER_PREFIX)) {
			return Refusal.STARTER_QUEUE;
		}
		if (this.allowed.length > 0 && !PatternMatchUtils.simpleMatch(this.allowed, address)) {
			return Refusal.NOT_ALLOWED;
		}
		return null;
	}

	private void log(String address, String requestType, Refusal refusal) {
		if (this.logged.size() < MAX_LOGGED_ADDRESSES) {
			if (this.logged.add(address)) {
				logger.warn("Not sending the reply to a message of type '" + requestType + "' to '" + address
						+ "': " + refusal.text + ". The request is handled all the same; replies refused are counted "
						+ "in mmate.replies.refused, and this address is not logged again");
			}
		}
		else if (this.loggedTooMany.compareAndSet(false, true)) {
			logger.warn("Replies were refused to " + MAX_LOGGED_ADDRESSES + " different addresses; further ones are "
					+ "only counted in mmate.replies.refused");
		}
	}

	/**
	 * Why a reply is refused.
	 */
	enum Refusal {

		/** The address is a queue this service consumes. */
		OWN_QUEUE("it is a queue this service consumes"),

		/** The address is a dead-letter queue. */
		DEAD_LETTER_QUEUE("it is a dead-letter queue"),

		/** The address is one of the starter's own queues. */
		STARTER_QUEUE("it is a queue of the Mmate starter's own (mmate.*)"),

		/** The address matches no pattern of the allow-list. */
		NOT_ALLOWED("it matches none of mmate.replies.allowed-addresses");

		private final String text;

		Refusal(String text) {
			this.text = text;
		}

		/**
		 * The code of the refusal, the {@code reason} tag of the meter.
		 * @return for example {@code own-queue}
		 */
		String code() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

}
