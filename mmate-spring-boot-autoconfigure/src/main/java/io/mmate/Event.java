package io.mmate;

/**
 * A fact that happened to an aggregate, published to {@code mmate.events} with the routing key
 * {@code evt.{aggregateId}.{type}} for every interested service.
 *
 * <p>Override {@link #aggregateId()} (a record component of that name does it) so that subscribers can route and
 * order by it.
 */
public non-sealed interface Event extends Message {

	/**
	 * The id of the aggregate the event belongs to; part of the routing key.
	 * @return the aggregate id, empty when the event has none
	 */
	default String aggregateId() {
		return "";
	}

	/**
	 * The position of this event in its aggregate's history.
	 * @return the sequence number, 0 when not tracked
	 */
	default long sequence() {
		return 0;
	}

	/**
	 * Where the event comes from, written to the payload only when set.
	 * @return the source, or {@code null}
	 */
	default String source() {
		return null;
	}

}
