package io.mmate.contract;

import java.time.Instant;

/**
 * A contract another service announced, and when it last did.
 *
 * @param contract the contract
 * @param announcedAt when this instance last received it
 */
public record AnnouncedContract(EndpointContract contract, Instant announcedAt) {

}
