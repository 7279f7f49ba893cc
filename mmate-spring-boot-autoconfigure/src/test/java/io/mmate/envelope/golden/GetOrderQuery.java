package io.mmate.envelope.golden;

import io.mmate.Query;

/**
 * The query of the golden fixtures.
 *
 * @param orderId the id of the order asked for
 */
public record GetOrderQuery(String orderId) implements Query {

}
