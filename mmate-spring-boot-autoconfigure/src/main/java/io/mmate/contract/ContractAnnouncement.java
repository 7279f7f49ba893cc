package io.mmate.contract;

import java.util.List;

/**
 * What Mmate services publish on the {@code mmate.contracts} exchange with the routing key
 * {@code contract.announce}: their endpoint contracts, when they register them (and again every 30 seconds), and
 * when they go away.
 *
 * @param contracts the contracts
 * @param action {@value #REGISTERED} or {@value #UNREGISTERED}
 */
public record ContractAnnouncement(List<EndpointContract> contracts, String action) {

	/** The message type name. */
	public static final String TYPE = "ContractAnnouncement";

	/** The action of contracts that are available. */
	public static final String REGISTERED = "registered";

	/** The action of contracts that are no longer available. */
	public static final String UNREGISTERED = "unregistered";

	/** The routing key announcements are published with, and the one that contract listeners bind. */
	public static final String ROUTING_KEY = "contract.announce";

}
