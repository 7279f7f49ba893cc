package io.mmate.sample.order.fulfilment;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.mmate.PermanentFailureException;
import io.mmate.sample.order.contracts.OrderItem;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The stock of the order service's products ({@code stock}), and the stock held for fulfilments
 * ({@code stock_reservations}) until they ship ({@code shipments}) or are undone. Each method runs in a transaction,
 * the caller's when there is one; doing again what is done changes nothing, as a stage that runs twice needs.
 */
@Repository
@Transactional
public class Warehouse {

	/** The status of stock held for a fulfilment. */
	public static final String RESERVED = "RESERVED";

	/** The status of a reservation given back to the stock. */
	public static final String RELEASED = "RELEASED";

	/** The status of a reservation that has left the warehouse. */
	public static final String SHIPPED = "SHIPPED";

	private final JdbcClient jdbc;

	public Warehouse(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Hold the stock of an order's lines. Fails for good, holding nothing, when a product is unknown or short: trying
	 * again would not make the stock appear.
	 * @param reservationId the reservation, unique to the fulfilment
	 * @param items the order lines
	 * @throws PermanentFailureException when a product has too little stock
	 */
	public void reserve(String reservationId, List<OrderItem> items) {
		if (status(reservationId).isPresent()) {
			return;
		}
		Map<String, Integer> quantities = new TreeMap<>();
		items.forEach((item) -> quantities.merge(item.sku(), item.quantity(), Integer::sum));
		quantities.forEach((sku, quantity) -> {
			int taken = this.jdbc
				.sql("UPDATE \"stock\" SET \"available\" = \"available\" - ? WHERE \"sku\" = ? AND \"available\" >= ?")
				.params(quantity, sku, quantity)
				.update();
			if (taken == 0) {
				// The transaction rolls back, and with it what was taken for the lines before.
				throw new PermanentFailureException("Not enough stock of SKU '" + sku + "' for reservation "
						+ reservationId + ": " + quantity + " wanted, " + available(sku) + " available");
			}
			this.jdbc
				.sql("INSERT INTO \"stock_reservations\" (\"reservation_id\", \"sku\", \"quantity\", \"status\") "
						+ "VALUES (?, ?, ?, ?)")
				.params(reservationId, sku, quantity, RESERVED)
				.update();
		});
	}

	/**
	 * Give the stock of a reservation back, unless it has shipped or was given back already.
	 * @param reservationId the reservation
	 */
	public void release(String reservationId) {
		List<Map<String, Object>> held = this.jdbc
			.sql("SELECT \"sku\", \"quantity\" FROM \"stock_reservations\" WHERE \"reservation_id\" = ? "
					+ "AND \"status\" = ?")
			.params(reservationId, RESERVED)
			.query()
			.listOfRows();
		for (Map<String, Object> line : held) {
			this.jdbc.sql("UPDATE \"stock\" SET \"available\" = \"available\" + ? WHERE \"sku\" = ?")
				.params(line.get("quantity"), line.get("sku"))
				.update();
		}
		setStatus(reservationId, RESERVED, RELEASED);
	}

	/**
	 * Ship an order with the stock reserved for it.
	 * @param reservationId the reservation
	 * @param orderId the order
	 */
	public void ship(String reservationId, String orderId) {
		if (isShipped(orderId)) {
			return;
		}
		setStatus(reservationId, RESERVED, SHIPPED);
		this.jdbc.sql("INSERT INTO \"shipments\" (\"order_id\", \"reservation_id\") VALUES (?, ?)")
			.params(orderId, reservationId)
			.update();
	}

	/**
	 * Add stock of a product, which the warehouse stocks from then on.
	 * @param sku the product
	 * @param quantity how many more
	 */
	public void restock(String sku, int quantity) {
		int updated = this.jdbc.sql("UPDATE \"stock\" SET \"available\" = \"available\" + ? WHERE \"sku\" = ?")
			.params(quantity, sku)
			.update();
		if (updated == 0) {
			this.jdbc.sql("INSERT INTO \"stock\" (\"sku\", \"available\") VALUES (?, ?)")
				.params(sku, quantity)
				.update();
		}
	}

	/**
	 * The stock of a product that is not reserved.
	 * @param sku the product
	 * @return how many, 0 for a product the warehouse does not stock
	 */
	@Transactional(readOnly = true)
	public int available(String sku) {
		return this.jdbc.sql("SELECT \"available\" FROM \"stock\" WHERE \"sku\" = ?")
			.param(sku)
			.query(Integer.class)
			.optional()
			.orElse(0);
	}

	/**
	 * The status of a reservation.
	 * @param reservationId the reservation
	 * @return {@link #RESERVED}, {@link #RELEASED} or {@link #SHIPPED}; empty when nothing was reserved
	 */
	@Transactional(readOnly = true)
	public Optional<String> status(String reservationId) {
		return this.jdbc.sql("SELECT DISTINCT \"status\" FROM \"stock_reservations\" WHERE \"reservation_id\" = ?")
			.param(reservationId)
			.query(String.class)
			.optional();
	}

	/**
	 * Whether an order has shipped.
	 * @param orderId the order
	 * @return {@code true} once it has
	 */
	@Transactional(readOnly = true)
	public boolean isShipped(String orderId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM \"shipments\" WHERE \"order_id\" = ?")
			.param(orderId)
			.query(Integer.class)
			.single() > 0;
	}

	private void setStatus(String reservationId, String from, String to) {
		this.jdbc
			.sql("UPDATE \"stock_reservations\" SET \"status\" = ? WHERE \"reservation_id\" = ? AND \"status\" = ?")
			.params(to, reservationId, from)
			.update();
	}

}
