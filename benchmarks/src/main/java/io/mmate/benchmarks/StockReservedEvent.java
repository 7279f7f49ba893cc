package io.mmate.benchmarks;

import java.math.BigDecimal;

import io.mmate.Event;

/**
 * The event of the in-process benchmarks: a handful of typed fields and a note that pads its payload to
 * {@link #PAYLOAD_BYTES} bytes on the wire.
 *
 * @param orderId the order, also the aggregate
 * @param sku the article
 * @param warehouse where the stock is reserved
 * @param quantity how many
 * @param unitPrice the price of one
 * @param note free text
 */
public record StockReservedEvent(String orderId, String sku, String warehouse, int quantity, BigDecimal unitPrice,
		String note) implements Event {

	/** The size of the envelope's {@code payload} object. */
	public static final int PAYLOAD_BYTES = 256;

	// The payload without the note's characters: the base fields of an event and the fields above.
	private static final int FIXED_BYTES = ("{\"aggregateId\":\"ORD-20250708-0042\",\"note\":\"\","
			+ "\"orderId\":\"ORD-20250708-0042\",\"quantity\":3,\"sequence\":0,\"sku\":\"SKU-4711-BLUE-XL\","
			+ "\"unitPrice\":49.99,\"warehouse\":\"WH-OSLO-2\"}").length();

	/**
	 * The event every benchmark sends and receives.
	 * @return the event
	 */
	public static StockReservedEvent sample() {
		return new StockReservedEvent("ORD-20250708-0042", "SKU-4711-BLUE-XL", "WH-OSLO-2", 3,
				new BigDecimal("49.99"), "n".repeat(PAYLOAD_BYTES - FIXED_BYTES));
	}

	@Override
	public String aggregateId() {
		return this.orderId;
	}

}
