package io.mmate.sample.order;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import io.mmate.MessageRequester;
import io.mmate.sample.order.contracts.GetOrderQuery;
import io.mmate.sample.order.contracts.OrderReply;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The sample with {@code mmate.enabled=false} and no broker (its port is a closed one): it starts, its readiness group
 * that names the {@code mmate} health component stays valid and up, and sending a message fails at once, naming the
 * property.
 */
@SpringBootTest(properties = "mmate.enabled=false")
class OrderServiceWithoutMmateTests {

	@DynamicPropertySource
	static void closedBrokerPort(DynamicPropertyRegistry registry) {
		registry.add("spring.rabbitmq.port", OrderServiceWithoutMmateTests::closedPort);
	}

	@Autowired
	private MessageRequester requester;

	@Autowired
	private HealthEndpoint health;

	@Test
	void startsAndIsReady() {
		assertThat(this.health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
		assertThat(this.health.healthForPath("mmate").getStatus()).isEqualTo(Status.UNKNOWN);
	}

	@Test
	void sendingFailsNamingTheProperty() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.requester.requestAndWait(new GetOrderQuery("o-1"), OrderReply.class,
					Duration.ofSeconds(1)))
			.withMessageContaining("mmate.enabled=false");
	}

	private static int closedPort() {
		// A port the system just handed out and took back is one nothing else listens on.
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
