package io.mmate.sample.order;

import java.util.Optional;

import org.springframework.data.repository.Repository;

/**
 * The Spring Data JDBC repository of {@link OrderRow}: the reads. Orders are written through
 * {@link org.springframework.data.jdbc.core.JdbcAggregateOperations} by {@link OrderRepository}, which knows whether an
 * order is new (its id is assigned by the sender, so Spring Data cannot tell).
 */
interface OrderRows extends Repository<OrderRow, String> {

	Optional<OrderRow> findById(String orderId);

	boolean existsById(String orderId);

	long count();

}
