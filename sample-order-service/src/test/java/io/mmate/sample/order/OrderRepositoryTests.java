package io.mmate.sample.order;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.mmate.sample.order.contracts.OrderItem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderRepositoryTests {

	private final OrderRepository repository = new OrderRepository();

	@Test
	void findsASavedOrder() {
		Order order = new Order("o-1", "c-1", new BigDecimal("12.50"),
				List.of(new OrderItem("SKU-1", 1, new BigDecimal("12.50"))), Order.PLACED);
		this.repository.save(order);
		assertThat(this.repository.findById("o-1")).contains(order);
	}

	@Test
	void findsNothingForAnUnknownOrNullId() {
		assertThat(this.repository.findById("unknown")).isEmpty();
		assertThat(this.repository.findById(null)).isEmpty();
	}

	@Test
	void savingTheSameOrderAgainKeepsOne() {
		Order order = new Order("o-1", "c-1", BigDecimal.ONE, List.of(), Order.PLACED);
		this.repository.save(order);
		this.repository.save(order);
		assertThat(this.repository.count()).isEqualTo(1);
	}

	@Test
	void keepsEveryOrderSavedConcurrently() throws InterruptedException {
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			IntStream.range(0, 1000)
				.forEach((i) -> executor.execute(() -> this.repository
					.save(new Order("o-" + i, "c", BigDecimal.TEN, List.of(), Order.PLACED))));
		}
		finally {
			executor.shutdown();
		}
		assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.repository.count()).isEqualTo(1000);
	}

}
