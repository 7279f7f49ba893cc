package io.mmate.sample.order;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Repository;

/**
 * Keeps orders in memory, safe for use by message handlers and web requests at the same time.
 */
@Repository
public class OrderRepository {

	private final Map<String, Order> orders = new ConcurrentHashMap<>();

	/**
	 * Store an order, replacing one with the same id.
	 * @param order the order
	 * @return the stored order
	 */
	public Order save(Order order) {
		this.orders.put(order.orderId(), order);
		return order;
	}

	/**
	 * Find an order by id.
	 * @param orderId the order's id
	 * @return the order, or empty when there is none
	 */
	public Optional<Order> findById(String orderId) {
		return (orderId != null) ? Optional.ofNullable(this.orders.get(orderId)) : Optional.empty();
	}

	/**
	 * The number of stored orders.
	 * @return the count
	 */
	public int count() {
		return this.orders.size();
	}

}
