package io.mmate.contract;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ContractRegistry}.
 */
class ContractRegistryTests {

	private static final Instant START = Instant.parse("2025-07-08T10:00:00Z");

	private final MutableClock clock = new MutableClock(START);

	private final ContractRegistry registry = new ContractRegistry("order-service", Duration.ofMinutes(2), 3,
			this.clock);

	@Test
	void registrationAddsAndReplacesAndUnregistrationRemoves() {
		this.registry.apply(registered(contract("inventory-service", "Reserve", "30s")));
		this.registry.apply(registered(contract("inventory-service", "Reserve", "60s"),
				contract("billing-service", "Charge", "30s")));
		assertThat(this.registry.contracts()).extracting((known) -> known.contract().endpointId())
			.containsExactly("billing-service.Charge", "inventory-service.Reserve");
		assertThat(this.registry.contracts().get(1).contract().timeout()).isEqualTo("60s");
		this.registry.apply(new ContractAnnouncement(List.of(contract("inventory-service", "Reserve", "60s")),
				ContractAnnouncement.UNREGISTERED));
		assertThat(this.registry.contracts()).extracting((known) -> known.contract().endpointId())
			.containsExactly("billing-service.Charge");
	}

	@Test
	void ownContractsAreNotKept() {
		this.registry.apply(registered(contract("order-service", "PlaceOrder", "30s")));
		assertThat(this.registry.contracts()).isEmpty();
	}

	@Test
	void contractsNotAnnouncedAgainExpire() {
		this.registry.apply(registered(contract("inventory-service", "Reserve", "30s")));
		this.clock.advance(Duration.ofSeconds(90));
		this.registry.apply(registered(contract("billing-service", "Charge", "30s")));
		assertThat(this.registry.contracts().get(0).announcedAt()).isEqualTo(START.plusSeconds(90));
		this.clock.advance(Duration.ofSeconds(31));
		assertThat(this.registry.contracts()).extracting((known) -> known.contract().endpointId())
			.containsExactly("billing-service.Charge");
	}

	@Test
	void newEndpointsBeyondTheLimitAreIgnoredButKnownOnesAreUpdated() {
		this.registry.apply(registered(contract("a", "One", "1s"), contract("a", "Two", "1s"),
				contract("a", "Three", "1s"), contract("a", "Four", "1s")));
		assertThat(this.registry.contracts()).hasSize(3);
		this.registry.apply(registered(contract("a", "One", "9s")));
		assertThat(this.registry.contracts()).filteredOn((known) -> known.contract().endpointId().equals("a.One"))
			.singleElement()
			.satisfies((known) -> assertThat(known.contract().timeout()).isEqualTo("9s"));
	}

	@Test
	void schemasBeyondTheLimitAreDropped() {
		ObjectNode schema = JsonNodeFactory.instance.objectNode().put("description",
				"x".repeat(ContractRegistry.MAX_SCHEMA_CHARS));
		EndpointContract large = new EndpointContract("a.Big", "1.0.0", "a", "", "a-queue", "Big", "None", schema,
				null, null, 0, START, START, null);
		this.registry.apply(registered(large));
		assertThat(this.registry.contracts()).singleElement()
			.satisfies((known) -> assertThat(known.contract()).isEqualTo(large.withoutSchemas()));
	}

	private static ContractAnnouncement registered(EndpointContract... contracts) {
		return new ContractAnnouncement(List.of(contracts), ContractAnnouncement.REGISTERED);
	}

	private static EndpointContract contract(String service, String type, String timeout) {
		return new EndpointContract(service + "." + type, "1.0.0", service, "", service + "-queue", type, "None",
				null, null, timeout, 3, START, START, null);
	}

	static final class MutableClock extends Clock {

		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
