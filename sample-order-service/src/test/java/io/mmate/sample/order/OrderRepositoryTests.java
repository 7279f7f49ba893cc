package io.mmate.sample.order;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.mmate.sample.order.contracts.OrderItem;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jdbc.test.autoconfigure.DataJdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order repository on an embedded H2 database with the sample's {@code schema.sql}: Spring Data JDBC and the
 * schema agree, an order keeps its lines in order and its amounts to the cent. Each test runs in a transaction that
 * is rolled back.
 */
@DataJdbcTest
@Import(OrderRepository.class)
class OrderRepositoryTests {

	@Autowired
	private OrderRepository repository;

	@Autowired
	private JdbcTemplate jdbc;

	private final String orderId = "o-" + UUID.randomUUID();

	@Test
	void findsASavedOrderWithItsLinesInOrder() {
		Order order = new Order(this.orderId, "c-1", new BigDecimal("32.49"),
				List.of(new OrderItem("SKU-2", 1, new BigDecimal("12.50")),
						new OrderItem("SKU-1", 2, new BigDecimal("9.99"))),
				Order.PLACED);
		this.repository.save(order);
		assertThat(this.repository.findById(this.orderId)).contains(order);
		assertThat(this.jdbc.queryForList("SELECT \"sku\" FROM \"order_items\" WHERE \"order_id\" = ? "
				+ "ORDER BY \"line_no\"", String.class, this.orderId))
			.containsExactly("SKU-2", "SKU-1");
	}

	@Test
	void findsAnOrderWithoutLines() {
		Order order = new Order(this.orderId, "c-1", new BigDecimal("1.00"), List.of(), Order.PLACED);
		this.repository.save(order);
		assertThat(this.repository.findById(this.orderId)).contains(order);
	}

	@Test
	void keepsAmountsToTheCent() {
		this.repository.save(new Order(this.orderId, "c-1", new BigDecimal("999999.99"),
				List.of(new OrderItem("SKU-1", 10000, new BigDecimal("0.01"))), Order.PLACED));
		Order found = this.repository.findById(this.orderId).orElseThrow();
		assertThat(found.amount()).isEqualTo(new BigDecimal("999999.99"));
		assertThat(found.items().get(0).price()).isEqualTo(new BigDecimal("0.01"));
	}

	@Test
	void findsNothingForAnUnknownOrNullId() {
		assertThat(this.repository.findById("unknown")).isEmpty();
		assertThat(this.repository.findById(null)).isEmpty();
	}

	@Test
	void savingTheSameOrderAgainKeepsOne() {
		long before = this.repository.count();
		Order order = new Order(this.orderId, "c-1", BigDecimal.ONE,
				List.of(new OrderItem("SKU-1", 1, BigDecimal.ONE)), Order.PLACED);
		this.repository.save(order);
		this.repository.save(order);
		assertThat(this.repository.count()).isEqualTo(before + 1);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM \"order_items\" WHERE \"order_id\" = ?", Long.class,
				this.orderId))
			.isOne();
	}

	@Test
	void savingAnOrderWithTheSameIdReplacesIt() {
		this.repository.save(new Order(this.orderId, "c-1", BigDecimal.ONE,
				List.of(new OrderItem("SKU-1", 1, BigDecimal.ONE), new OrderItem("SKU-2", 1, BigDecimal.ONE)),
				Order.PLACED));
		Order replacement = new Order(this.orderId, "c-2", new BigDecimal("3.00"),
				List.of(new OrderItem("SKU-3", 3, new BigDecimal("1.00"))), "PAID");
		this.repository.save(replacement);
		assertThat(this.repository.findById(this.orderId)).contains(replacement);
	}

	@Test
	void keepsEveryOrderSavedConcurrently() throws InterruptedException {
		// The threads are outside the test's transaction: each save commits in a transaction of its own.
		String prefix = this.orderId + "-";
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			IntStream.range(0, 1000)
				.forEach((i) -> executor.execute(() -> this.repository
					.save(new Order(prefix + i, "c", BigDecimal.TEN, List.of(), Order.PLACED))));
		}
		finally {
			executor.shutdown();
		}
		assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM \"orders\" WHERE \"order_id\" LIKE ?", Long.class,
				prefix + "%"))
			.isEqualTo(1000);
	}

}
