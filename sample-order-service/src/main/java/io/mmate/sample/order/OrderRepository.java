package io.mmate.sample.order;

import java.util.Optional;

import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps orders in the application's database with Spring Data JDBC, an order and its lines as one aggregate. Each
 * method runs in a transaction, the caller's when there is one.
 */
@Repository
@Transactional
public class OrderRepository {

	private final OrderRows rows;

	private final JdbcAggregateOperations aggregates;

	public OrderRepository(OrderRows rows, JdbcAggregateOperations aggregates) {
		this.rows = rows;
		this.aggregates = aggregates;
	}

	/**
	 * Store an order, replacing one with the same id: storing the same order again changes nothing.
	 * @param order the order
	 * @return the stored order
	 */
	public Order save(Order order) {
		OrderRow row = OrderRow.of(order);
		// The id comes with the order, so whether to insert or update is decided here rather than by Spring Data.
		if (this.rows.existsById(order.orderId())) {
			this.aggregates.update(row);
		}
		else {
			this.aggregates.insert(row);
		}
		return order;
	}

	/**
	 * Find an order by id.
	 * @param orderId the order's id
	 * @return the order, or empty when there is none
	 */
	@Transactional(readOnly = true)
	public Optional<Order> findById(String orderId) {
		return (orderId != null) ? this.rows.findById(orderId).map(OrderRow::toOrder) : Optional.empty();
	}

	/**
	 * The number of stored orders.
	 * @return the count
	 */
	@Transactional(readOnly = true)
	public long count() {
		return this.rows.count();
	}

}
