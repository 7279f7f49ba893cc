package io.mmate.test.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link BrokerSelection} and the failure of {@link LocalBroker} when no broker answers.
 */
class BrokerSelectionTests {

	private final ClassLoader classLoader = getClass().getClassLoader();

	@Test
	void autoSelectsTestcontainersExactlyWhenDockerAnswers() {
		BrokerSelection expected = BrokerSelection.dockerAnswers(this.classLoader) ? BrokerSelection.TESTCONTAINERS
				: BrokerSelection.LOCAL;
		assertThat(BrokerSelection.select(new MockEnvironment(), this.classLoader)).isEqualTo(expected);
		assertThat(BrokerSelection.select(environment("AUTO"), this.classLoader)).isEqualTo(expected);
	}

	@Test
	void thePropertyInsistsOnOneBroker() {
		assertThat(BrokerSelection.select(environment("local"), this.classLoader)).isEqualTo(BrokerSelection.LOCAL);
		assertThat(BrokerSelection.select(environment("testcontainers"), this.classLoader))
			.isEqualTo(BrokerSelection.TESTCONTAINERS);
	}

	@Test
	void anUnknownValueIsRefusedNamingTheChoices() {
		assertThatIllegalStateException()
			.isThrownBy(() -> BrokerSelection.select(environment("docker"), this.classLoader))
			.withMessage("mmate.test.broker=docker names no broker: use auto, testcontainers or local");
	}

	@Test
	void withoutABrokerTheFailureSaysHowToGetOne() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		InetSocketAddress nothing = new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort);
		assertThatIllegalStateException().isThrownBy(() -> LocalBroker.connect(nothing))
			.withMessageContaining("no Docker engine answers for Testcontainers")
			.withMessageContaining("nothing answers on 127.0.0.1:5672")
			.withMessageContaining("Either start Docker")
			.withMessageContaining("guest/guest")
			.withMessageContaining("rabbitmq_consistent_hash_exchange");
	}

	private static MockEnvironment environment(String broker) {
		return new MockEnvironment().withProperty(BrokerSelection.PROPERTY, broker);
	}

}
