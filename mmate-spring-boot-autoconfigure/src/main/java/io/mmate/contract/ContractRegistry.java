package io.mmate.contract;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The endpoint contracts that other Mmate services, in Go or Java, announce on {@code mmate.contracts}, by endpoint
 * id. A registration adds or replaces a contract, an unregistration removes it, and a contract not announced again
 * within the expiry is dropped, since a service that crashed never unregisters. This service's own contracts are
 * not kept.
 *
 * <p>Announcements come from the broker, so the registry is bounded: it holds at most {@code maxContracts}
 * contracts and refuses new endpoints beyond that, and drops the schemas of a contract whose schemas are larger than
 * {@value #MAX_SCHEMA_CHARS} characters.
 */
public class ContractRegistry {

	/** The most contracts a registry holds unless told otherwise. */
	public static final int DEFAULT_MAX_CONTRACTS = 1000;

	/** The most characters of JSON Schema kept for one contract. */
	public static final int MAX_SCHEMA_CHARS = 32 * 1024;

	private static final Log logger = LogFactory.getLog(ContractRegistry.class);

	private final String ownService;

	private final Duration expireAfter;

	private final int maxContracts;

	private final Clock clock;

	private final Map<String, AnnouncedContract> contracts = new LinkedHashMap<>();

	private boolean fullReported;

	/**
	 * Create an empty registry.
	 * @param ownService this service's name, whose contracts are not kept, or {@code null}
	 * @param expireAfter how long a contract is kept without being announced again
	 * @param maxContracts the most contracts kept
	 * @param clock the clock
	 */
	public ContractRegistry(String ownService, Duration expireAfter, int maxContracts, Clock clock) {
		this.ownService = ownService;
		this.expireAfter = expireAfter;
		this.maxContracts = maxContracts;
		this.clock = clock;
	}

	/**
	 * Apply an announcement whose contracts have an endpoint id and a service name.
	 * @param announcement the announcement
	 */
	public synchronized void apply(ContractAnnouncement announcement) {
		Instant now = this.clock.instant();
		expire(now);
		boolean register = ContractAnnouncement.REGISTERED.equals(announcement.action());
		for (EndpointContract contract : announcement.contracts()) {
			if (contract.serviceName().equals(this.ownService)) {
				continue;
			}
			if (!register) {
				this.contracts.remove(contract.endpointId());
			}
			else {
				AnnouncedContract previous = this.contracts.get(contract.endpointId());
				if (previous != null || hasRoom()) {
					this.contracts.put(contract.endpointId(),
							new AnnouncedContract(bounded(contract, previous == null), now));
				}
			}
		}
	}

	/**
	 * The contracts known now, by endpoint id.
	 * @return a snapshot
	 */
	public synchronized List<AnnouncedContract> contracts() {
		expire(this.clock.instant());
		return this.contracts.values()
			.stream()
			.sorted(Comparator.comparing((AnnouncedContract known) -> known.contract().endpointId()))
			.toList();
	}

	private boolean hasRoom() {
		if (this.contracts.size() < this.maxContracts) {
			this.fullReported = false;
			return true;
		}
		if (!this.fullReported) {
			this.fullReported = true;
			logger.warn("The registry of announced contracts holds " + this.maxContracts
					+ " contracts, its limit: contracts of new endpoints are ignored until others expire");
		}
		return false;
	}

	private void expire(Instant now) {
		Instant oldest = now.minus(this.expireAfter);
		this.contracts.values().removeIf((known) -> known.announcedAt().isBefore(oldest));
	}

	// Reported when the endpoint is new rather than on every announcement, which comes again every 30 seconds.
	private static EndpointContract bounded(EndpointContract contract, boolean report) {
		long schemaChars = length(contract.inputSchema()) + length(contract.outputSchema());
		if (schemaChars <= MAX_SCHEMA_CHARS) {
			return contract;
		}
		if (report) {
			logger.warn("The schemas of contract '" + contract.endpointId() + "' of service '" + contract.serviceName()
					+ "' have " + schemaChars + " characters, more than " + MAX_SCHEMA_CHARS + ": kept without them");
		}
		return contract.withoutSchemas();
	}

	private static long length(Object schema) {
		return (schema != null) ? schema.toString().length() : 0;
	}

}
