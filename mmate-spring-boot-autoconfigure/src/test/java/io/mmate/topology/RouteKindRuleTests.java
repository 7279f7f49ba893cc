package io.mmate.topology;

import java.util.List;

import io.mmate.MessageKind;
import io.mmate.dispatch.Arrival;
import io.mmate.dispatch.HandlerDefinition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RouteKindRule}: every way a message reaches a service's queues, and the routes that must not reach
 * a handler of another kind.
 */
class RouteKindRuleTests {

	private static final HandlerDefinition PLACE_ORDER = handler("PlaceOrder", MessageKind.COMMAND);

	private static final HandlerDefinition ORDER_PLACED = handler("OrderPlaced", MessageKind.EVENT);

	private static final HandlerDefinition GET_ORDER = handler("GetOrder", MessageKind.QUERY);

	private static final HandlerDefinition ORDER_REPLY = handler("OrderReply", MessageKind.REPLY);

	private final RouteKindRule rule = new RouteKindRule("orders", List.of());

	@Test
	void eachKindFitsItsOwnExchangeAndRoutingKey() {
		assertFits(PLACE_ORDER, MessageKind.COMMAND, Arrival.direct("mmate.commands", "cmd.orders.PlaceOrder"));
		assertFits(ORDER_PLACED, MessageKind.EVENT, Arrival.direct("mmate.events", "evt.o-1.OrderPlaced"));
		assertFits(ORDER_PLACED, null, Arrival.direct("mmate.events", "evt.eu.o-1.OrderPlaced"));
		assertFits(GET_ORDER, MessageKind.QUERY, Arrival.direct("mmate.queries", "qry.GetOrder"));
	}

	@Test
	void mmateMessagesCarriesEachKindByItsRoutingKey() {
		assertFits(PLACE_ORDER, null, Arrival.direct("mmate.messages", "cmd.orders.PlaceOrder"));
		assertFits(ORDER_PLACED, null, Arrival.direct("mmate.messages", "evt.o-1.OrderPlaced"));
		assertFits(GET_ORDER, null, Arrival.direct("mmate.messages", "qry.GetOrder"));
		assertMismatch(GET_ORDER, null, Arrival.direct("mmate.messages", "evt.o-1.GetOrder"));
	}

	@Test
	void eventOnACommandsRoutingKeyDoesNotReachTheEventHandler() {
		String mismatch = this.rule.mismatch(ORDER_PLACED, MessageKind.EVENT,
				Arrival.direct("mmate.commands", "cmd.orders.PlaceOrder"));
		assertThat(mismatch).isEqualTo("Message type 'OrderPlaced' is handled as an event, but arrived on exchange "
				+ "'mmate.commands' with routing key 'cmd.orders.PlaceOrder'");
	}

	@Test
	void queryThroughTheEventsExchangeDoesNotReachTheQueryHandler() {
		assertMismatch(GET_ORDER, null, Arrival.direct("mmate.events", "evt.o-1.OrderPlaced"));
		assertMismatch(GET_ORDER, MessageKind.QUERY, Arrival.direct("mmate.events", "evt.o-1.GetOrder"));
	}

	@Test
	void commandMustBeAddressedToThisServiceWithItsOwnType() {
		assertMismatch(PLACE_ORDER, null, Arrival.direct("mmate.commands", "cmd.billing.PlaceOrder"));
		assertMismatch(PLACE_ORDER, null, Arrival.direct("mmate.commands", "cmd.orders.CancelOrder"));
		assertMismatch(GET_ORDER, null, Arrival.direct("mmate.queries", "qry.OtherQuery"));
		assertMismatch(ORDER_PLACED, null, Arrival.direct("mmate.events", "evt.o-1.OtherEvent"));
	}

	@Test
	void statedKindThatDiffersFromTheHandlersIsAMismatchWhateverTheRoute() {
		assertThat(this.rule.mismatch(PLACE_ORDER, MessageKind.EVENT,
				Arrival.direct("mmate.commands", "cmd.orders.PlaceOrder")))
			.endsWith("and its x-message-kind header says it is an event");
	}

	@Test
	void starterCopiesThroughTheDefaultOrADelayExchangeAreJudgedByTheirOriginalRoute() {
		// A delayed redelivery (TTL levels, then the delayed-message plugin), a counted requeue, a replayed dead
		// letter.
		assertFits(PLACE_ORDER, null, new Arrival("mmate.delay.delivery", "0.0.1.orders-queue", "mmate.commands",
				"cmd.orders.PlaceOrder"));
		assertFits(PLACE_ORDER, null, new Arrival("mmate.delay.exchange", "orders-queue", "mmate.commands",
				"cmd.orders.PlaceOrder"));
		assertFits(ORDER_PLACED, null, new Arrival("", "orders-queue", "mmate.events", "evt.o-1.OrderPlaced"));
		String mismatch = this.rule.mismatch(ORDER_PLACED, null,
				new Arrival("", "orders-queue", "mmate.commands", "cmd.orders.PlaceOrder"));
		assertThat(mismatch).isEqualTo("Message type 'OrderPlaced' is handled as an event, but arrived on exchange "
				+ "'' with routing key 'orders-queue' (first published to exchange 'mmate.commands' with routing key "
				+ "'cmd.orders.PlaceOrder')");
	}

	@Test
	void originalRouteHeadersCountOnlyOnTheStartersOwnWaysBack() {
		assertMismatch(ORDER_PLACED, null, new Arrival("mmate.commands", "cmd.orders.PlaceOrder", "mmate.events",
				"evt.o-1.OrderPlaced"));
	}

	@Test
	void messagePublishedStraightToTheQueueNeedsAKindHeaderThatAgrees() {
		assertFits(PLACE_ORDER, MessageKind.COMMAND, Arrival.direct("", "orders-queue"));
		assertMismatch(PLACE_ORDER, null, Arrival.direct("", "orders-queue"));
		assertMismatch(PLACE_ORDER, MessageKind.QUERY, Arrival.direct("", "orders-queue"));
		assertMismatch(PLACE_ORDER, null, Arrival.direct("mmate.delay.delivery", "0.1.orders-queue"));
		assertFits(PLACE_ORDER, MessageKind.COMMAND, new Arrival("", "orders-queue", "", ""));
	}

	@Test
	void repliesArriveThroughTheDefaultExchange() {
		assertFits(ORDER_REPLY, null, Arrival.direct("", "orders-queue"));
		assertFits(ORDER_REPLY, MessageKind.REPLY, Arrival.direct("", "orders-queue"));
		assertMismatch(ORDER_REPLY, null, Arrival.direct("mmate.events", "evt.o-1.OrderReply"));
	}

	@Test
	void unknownExchangeIsAMismatch() {
		assertMismatch(ORDER_PLACED, MessageKind.EVENT, Arrival.direct("orders-queue.partitions", "x"));
		assertMismatch(ORDER_PLACED, MessageKind.EVENT, Arrival.direct("legacy.events", "order.placed"));
	}

	@Test
	void configuredBindingAdmitsWhatItRoutesUnlessAKindExchangeSaysOtherwise() {
		RouteKindRule rule = new RouteKindRule("orders", List.of(new BindingSpec("legacy.events", "order.*"),
				new BindingSpec("mmate.events", "evt.#.LegacyOrderPlaced"), new BindingSpec("mmate.events", "evt.#")));
		assertThat(rule.mismatch(ORDER_PLACED, null, Arrival.direct("legacy.events", "order.placed"))).isNull();
		assertThat(rule.mismatch(GET_ORDER, null, Arrival.direct("legacy.events", "order.asked"))).isNull();
		assertThat(rule.mismatch(ORDER_PLACED, null, Arrival.direct("legacy.events", "invoice.placed"))).isNotNull();
		assertThat(rule.mismatch(ORDER_PLACED, null, Arrival.direct("mmate.events", "evt.o-1.LegacyOrderPlaced")))
			.isNull();
		// Bound to every event: a query body sent that way is still not an event.
		assertThat(rule.mismatch(GET_ORDER, null, Arrival.direct("mmate.events", "evt.o-1.GetOrder"))).isNotNull();
		assertThat(rule.mismatch(GET_ORDER, MessageKind.EVENT, Arrival.direct("legacy.events", "order.asked")))
			.isNotNull();
	}

	@Test
	void topicPatternsMatchAsTheBrokerDoes() {
		assertThat(TopicPattern.matches("evt.#.OrderPlaced", "evt.OrderPlaced")).isTrue();
		assertThat(TopicPattern.matches("evt.#.OrderPlaced", "evt.a.b.c.OrderPlaced")).isTrue();
		assertThat(TopicPattern.matches("evt.#.OrderPlaced", "evt.a.OrderPlacedX")).isFalse();
		assertThat(TopicPattern.matches("evt.*.OrderPlaced", "evt.a.b.OrderPlaced")).isFalse();
		assertThat(TopicPattern.matches("evt.*.OrderPlaced", "evt.a.OrderPlaced")).isTrue();
		assertThat(TopicPattern.matches("#", "")).isTrue();
		assertThat(TopicPattern.matches("#", "a.b")).isTrue();
		assertThat(TopicPattern.matches("a.#.#.b", "a.b")).isTrue();
		assertThat(TopicPattern.matches("*", "")).isTrue();
		assertThat(TopicPattern.matches("*", "a.b")).isFalse();
		assertThat(TopicPattern.matches("cmd.orders.PlaceOrder", "cmd.orders.PlaceOrder")).isTrue();
	}

	private void assertFits(HandlerDefinition handler, MessageKind stated, Arrival arrival) {
		assertThat(this.rule.mismatch(handler, stated, arrival)).as("%s from %s", handler.typeName(), arrival)
			.isNull();
	}

	private void assertMismatch(HandlerDefinition handler, MessageKind stated, Arrival arrival) {
		assertThat(this.rule.mismatch(handler, stated, arrival)).as("%s from %s", handler.typeName(), arrival)
			.isNotNull()
			.contains("'" + handler.typeName() + "'", "'" + arrival.exchange() + "'", arrival.routingKey());
	}

	private static HandlerDefinition handler(String type, MessageKind kind) {
		return new HandlerDefinition(type, kind, Object.class, (message, context) -> null, type + " handler");
	}

}
