package io.mmate.sample.order.contracts;

/**
 * The bounds of the order service's messages, which the REST API and the handlers both check.
 */
public final class OrderLimits {

	/** Longest id, customer id or SKU, in characters. */
	public static final int MAX_TEXT = 64;

	/** Most lines in one order. */
	public static final int MAX_ITEMS = 100;

	/** Most pieces of one line. */
	public static final int MAX_QUANTITY = 10_000;

	/** Largest amount or price, as Bean Validation's decimal text. */
	public static final String MAX_AMOUNT = "1000000";

	private OrderLimits() {
	}

}
