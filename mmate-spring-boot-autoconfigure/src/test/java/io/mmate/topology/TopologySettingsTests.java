package io.mmate.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TopologySettings}: what a topology cannot be built from.
 */
class TopologySettingsTests {

	@Test
	void serviceNameMustBeANameWithoutWhiteSpace() {
		assertThatIllegalArgumentException().isThrownBy(() -> settings("my service", 20, 8, "x-aggregate-id"))
			.withMessageContaining("white space");
		assertThatIllegalArgumentException().isThrownBy(() -> settings(" ", 20, 8, "x-aggregate-id"));
	}

	@Test
	void deliveryLimitMustNotBeNegative() {
		assertThatIllegalArgumentException().isThrownBy(() -> settings("svc", -1, 8, "x-aggregate-id"))
			.withMessageContaining("delivery limit");
	}

	@Test
	void partitionsNeedACountAndAKeyHeader() {
		assertThatIllegalArgumentException().isThrownBy(() -> settings("svc", 20, 0, "x-aggregate-id"))
			.withMessageContaining("partition count");
		assertThatIllegalArgumentException().isThrownBy(() -> settings("svc", 20, 8, ""))
			.withMessageContaining("key header");
	}

	@Test
	void bindingNeedsAnExchangeAndARoutingKey() {
		assertThatIllegalArgumentException().isThrownBy(() -> new BindingSpec("", "x.#"));
		assertThatIllegalArgumentException().isThrownBy(() -> new BindingSpec("mmate.messages", null));
	}

	@Test
	void valuesAreCopied() {
		Map<String, Object> arguments = new HashMap<>(Map.of("x-max-length", 10L));
		List<BindingSpec> bindings = new ArrayList<>(List.of(new BindingSpec("mmate.messages", "x.#")));
		TopologySettings settings = new TopologySettings("svc", QueueType.CLASSIC, arguments, 20, true, false,
				bindings, 8, "x-aggregate-id");
		arguments.clear();
		bindings.clear();
		assertThat(settings.arguments()).containsOnlyKeys("x-max-length");
		assertThat(settings.extraBindings()).hasSize(1);
	}

	@Test
	void namesTheServiceQueueAndItsPartitions() {
		TopologySettings settings = TestSettings.service("svc").partitions(2).build();
		assertThat(settings.serviceQueueName()).isEqualTo("svc-queue");
		assertThat(settings.partitionQueues()).containsExactly("svc-queue.p0", "svc-queue.p1");
		assertThat(TestSettings.publisherOnly().build().partitionQueues()).isEmpty();
	}

	private static TopologySettings settings(String serviceName, int deliveryLimit, int partitionCount,
			String keyHeader) {
		return new TopologySettings(serviceName, QueueType.CLASSIC, Map.of(), deliveryLimit, true, false, List.of(),
				partitionCount, keyHeader);
	}

}
