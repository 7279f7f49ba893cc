package io.mmate.integration;

import io.mmate.delay.DelayMechanism;
import io.mmate.delay.DelayMechanismSelector;
import io.mmate.delay.DelayMechanismSelector.Mode;
import io.mmate.testsupport.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Choosing the delay mechanism by probing a real broker: the test broker has no delayed-message plugin, so
 * {@code auto} falls back to TTL levels and {@code plugin} fails with a message that says what to do.
 */
class DelayMechanismSelectorIntegrationTests {

	private final CachingConnectionFactory connectionFactory = TestBroker.connectionFactory();

	@AfterEach
	void close() {
		this.connectionFactory.destroy();
	}

	@Test
	void autoUsesTtlLevelsWithoutThePluginAndPluginModeFailsClearly() {
		Connection applicationConnection = this.connectionFactory.createConnection();
		DelayMechanism chosen = new DelayMechanismSelector(this.connectionFactory, Mode.AUTO).mechanism();
		assumeFalse(chosen instanceof DelayMechanism.DelayedMessagePlugin, "this broker has the plugin");
		assertThat(chosen).isInstanceOf(DelayMechanism.TtlLevels.class);
		assertThatIllegalStateException()
			.isThrownBy(() -> new DelayMechanismSelector(this.connectionFactory, Mode.PLUGIN).mechanism())
			.withMessageContaining("rabbitmq_delayed_message_exchange")
			.withMessageContaining("mmate.delay.mechanism");
		// The probe runs on a connection of its own: the application's connection is unharmed.
		assertThat(applicationConnection.isOpen()).isTrue();
	}

	@Test
	void ttlLevelsModeDoesNotProbe() {
		assertThat(new DelayMechanismSelector(this.connectionFactory, Mode.TTL_LEVELS).mechanism())
			.isInstanceOf(DelayMechanism.TtlLevels.class);
	}

}
