package io.mmate.sample.order;

import java.math.BigDecimal;
import java.util.List;

import io.mmate.sample.order.contracts.OrderItem;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An order as a row of the {@code orders} table, with its lines in {@code order_items}: the aggregate that Spring Data
 * JDBC reads and writes as a whole. Every name is given, so that the plain SQL of {@code schema.sql} is the one
 * description of the tables.
 *
 * @param orderId the order's id, assigned by whoever placed it
 * @param customerId the customer who ordered
 * @param amount the order total
 * @param items the order lines, in order
 * @param status the order's status
 */
@Table("orders")
record OrderRow(@Id @Column("order_id") String orderId, @Column("customer_id") String customerId,
		@Column("amount") BigDecimal amount,
		@MappedCollection(idColumn = "order_id", keyColumn = "line_no") List<OrderLineRow> items,
		@Column("status") String status) {

	static OrderRow of(Order order) {
		return new OrderRow(order.orderId(), order.customerId(), order.amount(),
				order.items().stream().map(OrderLineRow::of).toList(), order.status());
	}

	Order toOrder() {
		List<OrderItem> lines = (this.items != null) ? this.items.stream().map(OrderLineRow::toItem).toList()
				: List.of();
		return new Order(this.orderId, this.customerId, this.amount, lines, this.status);
	}

	/**
	 * One line of an order, a row of the {@code order_items} table.
	 *
	 * @param sku the product's stock keeping unit
	 * @param quantity how many
	 * @param price the price of one
	 */
	@Table("order_items")
	record OrderLineRow(@Column("sku") String sku, @Column("quantity") int quantity,
			@Column("price") BigDecimal price) {

		static OrderLineRow of(OrderItem item) {
			return new OrderLineRow(item.sku(), item.quantity(), item.price());
		}

		OrderItem toItem() {
			return new OrderItem(this.sku, this.quantity, this.price);
		}

	}

}
