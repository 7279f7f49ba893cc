package io.mmate.sample.order.fulfilment;

import java.math.BigDecimal;
import java.util.Optional;

import io.mmate.PermanentFailureException;
import io.mmate.sample.order.OrderServiceProperties;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Charges and refunds the payments of fulfilments ({@code payments}), standing in for a payment provider: the card of
 * every customer has the limit {@code sample.card-limit}, and a larger amount is declined. Each method runs in a
 * transaction, the caller's when there is one; doing again what is done changes nothing.
 */
@Repository
@Transactional
public class Payments {

	/** The status of a payment taken. */
	public static final String CHARGED = "CHARGED";

	/** The status of a payment given back. */
	public static final String REFUNDED = "REFUNDED";

	private final JdbcClient jdbc;

	private final BigDecimal cardLimit;

	public Payments(JdbcClient jdbc, OrderServiceProperties properties) {
		this.jdbc = jdbc;
		this.cardLimit = properties.cardLimit();
	}

	/**
	 * Charge an order's amount.
	 * @param paymentId the payment, unique to the fulfilment
	 * @param orderId the order paid for
	 * @param amount the amount
	 * @throws PermanentFailureException when the amount is above the card limit: the card is declined, and asking
	 * again would not change that
	 */
	public void charge(String paymentId, String orderId, BigDecimal amount) {
		if (status(paymentId).isPresent()) {
			return;
		}
		if (amount.compareTo(this.cardLimit) > 0) {
			throw new PermanentFailureException("Card declined for order " + orderId + ": " + amount.toPlainString()
					+ " is above the card limit of " + this.cardLimit.toPlainString() + " (sample.card-limit)");
		}
		this.jdbc
			.sql("INSERT INTO \"payments\" (\"payment_id\", \"order_id\", \"amount\", \"status\") VALUES (?, ?, ?, ?)")
			.params(paymentId, orderId, amount, CHARGED)
			.update();
	}

	/**
	 * Give a charged payment back.
	 * @param paymentId the payment
	 */
	public void refund(String paymentId) {
		this.jdbc.sql("UPDATE \"payments\" SET \"status\" = ? WHERE \"payment_id\" = ? AND \"status\" = ?")
			.params(REFUNDED, paymentId, CHARGED)
			.update();
	}

	/**
	 * The status of a payment.
	 * @param paymentId the payment
	 * @return {@link #CHARGED} or {@link #REFUNDED}; empty when nothing was charged
	 */
	@Transactional(readOnly = true)
	public Optional<String> status(String paymentId) {
		return this.jdbc.sql("SELECT \"status\" FROM \"payments\" WHERE \"payment_id\" = ?")
			.param(paymentId)
			.query(String.class)
			.optional();
	}

}
