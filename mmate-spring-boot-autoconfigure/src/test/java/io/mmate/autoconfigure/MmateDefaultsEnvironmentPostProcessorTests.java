package io.mmate.autoconfigure;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class MmateDefaultsEnvironmentPostProcessorTests {

	private final MmateDefaultsEnvironmentPostProcessor postProcessor = new MmateDefaultsEnvironmentPostProcessor();

	@Test
	void placesDegradedBetweenDownAndUpByDefault() {
		StandardEnvironment environment = new StandardEnvironment();
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(order(environment)).containsExactly("down", "out-of-service", "degraded", "up", "unknown");
	}

	@Test
	void leavesAnOrderTheApplicationSetsAlone() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application",
					Map.of("management.endpoint.health.status.order[0]", "down", "management.endpoint.health.status.order[1]",
							"up")));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(order(environment)).containsExactly("down", "up");
	}

	@Test
	void quietsTheContainersAndConnectionAttemptsUnlessTheApplicationSaysOtherwise() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application",
					Map.of("logging.level.io.mmate.listener.HandoverListenerContainer", "debug")));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("logging.level.io.mmate.connection.ReportingListenerContainer"))
			.isEqualTo("off");
		assertThat(environment.getProperty("logging.level.io.mmate.listener.HandoverListenerContainer"))
			.isEqualTo("debug");
		assertThat(environment.getProperty(
				"logging.level.org.springframework.amqp.rabbit.connection.CachingConnectionFactory"))
			.isEqualTo("warn");
	}

	private static List<String> order(StandardEnvironment environment) {
		return Binder.get(environment)
			.bind(MmateDefaultsEnvironmentPostProcessor.STATUS_ORDER, Bindable.listOf(String.class))
			.orElse(List.of());
	}

}
