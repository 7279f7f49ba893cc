package io.mmate.contract;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;

/**
 * Takes the contract announcements of other services into the {@link ContractRegistry}. An announcement is input
 * from the broker that anyone may publish, so one that is too large, not an announcement, or without an action is
 * logged and dropped, and so is each contract without an endpoint id or service name; nothing is ever requeued.
 */
public class AnnouncementListener implements MessageListener {

	/** The largest announcement body read, in bytes. */
	public static final int MAX_ANNOUNCEMENT_BYTES = 1024 * 1024;

	private static final int MAX_ID_LENGTH = 512;

	private static final Log logger = LogFactory.getLog(AnnouncementListener.class);

	private final AnnouncementCodec codec;

	private final ContractRegistry registry;

	/**
	 * Create a listener.
	 * @param codec reads announcements
	 * @param registry where their contracts go
	 */
	public AnnouncementListener(AnnouncementCodec codec, ContractRegistry registry) {
		this.codec = codec;
		this.registry = registry;
	}

	@Override
	public void onMessage(Message message) {
		try {
			ContractAnnouncement announcement = read(message);
			if (announcement != null) {
				this.registry.apply(announcement);
			}
		}
		catch (RuntimeException ex) {
			drop(message, ex.getMessage());
		}
	}

	private ContractAnnouncement read(Message message) {
		int size = message.getBody().length;
		if (size > MAX_ANNOUNCEMENT_BYTES) {
			return drop(message, size + " bytes, more than " + MAX_ANNOUNCEMENT_BYTES);
		}
		ContractAnnouncement announcement = this.codec.decode(message);
		if (!ContractAnnouncement.REGISTERED.equals(announcement.action())
				&& !ContractAnnouncement.UNREGISTERED.equals(announcement.action())) {
			return drop(message, "action '" + announcement.action() + "' is neither '"
					+ ContractAnnouncement.REGISTERED + "' nor '" + ContractAnnouncement.UNREGISTERED + "'");
		}
		if (announcement.contracts() == null) {
			return drop(message, "no contracts");
		}
		List<EndpointContract> valid = new ArrayList<>(announcement.contracts().size());
		for (EndpointContract contract : announcement.contracts()) {
			if (contract != null && hasText(contract.endpointId()) && hasText(contract.serviceName())) {
				valid.add(contract);
			}
			else {
				logger.warn("Ignored a contract without an endpoint id or service name of at most " + MAX_ID_LENGTH
						+ " characters in contract announcement " + id(message));
			}
		}
		return new ContractAnnouncement(valid, announcement.action());
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank() && value.length() <= MAX_ID_LENGTH;
	}

	private static ContractAnnouncement drop(Message message, String reason) {
		logger.warn("Dropped contract announcement " + id(message) + ": " + bounded(String.valueOf(reason)));
		return null;
	}

	private static String id(Message message) {
		String id = message.getMessageProperties().getMessageId();
		Object header = message.getMessageProperties().getHeader("x-message-id");
		Object known = (id != null) ? id : header;
		return (known != null) ? "'" + bounded(known.toString()) + "'" : "without a message id";
	}

	// Whatever an announcement carries reaches the log only in part.
	private static String bounded(String text) {
		return (text.length() <= 200) ? text : text.substring(0, 200) + "...";
	}

}
