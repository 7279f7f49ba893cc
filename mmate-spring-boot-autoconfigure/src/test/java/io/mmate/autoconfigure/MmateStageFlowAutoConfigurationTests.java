package io.mmate.autoconfigure;

import io.mmate.stageflow.StageFlowEngine;
import io.mmate.stageflow.Workflow;
import io.mmate.stageflow.WorkflowRunner;
import io.mmate.stageflow.WorkflowStatusStore;
import io.mmate.testsupport.UnreachableConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MmateStageFlowAutoConfiguration}, without a broker: off unless the application defines a workflow,
 * and refused when its settings cannot work. {@code StageFlowJdbcStatusStoreIntegrationTests} starts the engine on the
 * broker with each status store.
 */
class MmateStageFlowAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, MmateAutoConfiguration.class,
				MmateStageFlowAutoConfiguration.class))
		.withBean(ConnectionFactory.class, UnreachableConnectionFactory::new)
		.withPropertyValues(UnreachableConnectionFactory.springProperties());

	@Test
	void nothingWithoutAWorkflow() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(StageFlowEngine.class)
				.doesNotHaveBean(WorkflowRunner.class)
				.doesNotHaveBean(WorkflowStatusStore.class);
		});
	}

	@Test
	void nothingWhenDisabled() {
		this.contextRunner.withPropertyValues("mmate.stageflow.enabled=false")
			.withBean("workflow", Workflow.class,
					() -> Workflow.define("disabled", String.class).stage("one", (state, context) -> state).build())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(StageFlowEngine.class).doesNotHaveBean(WorkflowRunner.class);
			});
	}

	@Test
	void invalidPrefetchIsRefused() {
		this.contextRunner.withPropertyValues("mmate.stageflow.prefetch=0")
			.withBean("workflow", Workflow.class,
					() -> Workflow.define("refused", String.class).stage("one", (state, context) -> state).build())
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("mmate.stageflow.prefetch"));
	}

	@Test
	void negativeMessageTtlIsRefused() {
		this.contextRunner.withPropertyValues("mmate.stageflow.message-ttl=-1s")
			.withBean("workflow", Workflow.class,
					() -> Workflow.define("refused", String.class).stage("one", (state, context) -> state).build())
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("mmate.stageflow.message-ttl"));
	}

	@Test
	void theJdbcStatusStoreWithoutADataSourceIsRefusedNamingTheProperty() {
		this.contextRunner.withPropertyValues("mmate.stageflow.status-store=jdbc")
			.withBean("workflow", Workflow.class,
					() -> Workflow.define("no-data-source", String.class)
						.stage("one", (state, context) -> state)
						.build())
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("mmate.stageflow.status-store")
				.hasMessageContaining("needs spring-jdbc and a DataSource"));
	}

	@Test
	void theJdbcStatusStoreWithoutSpringJdbcIsRefusedNamingTheProperty() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JdbcTemplate.class))
			.withPropertyValues("mmate.stageflow.status-store=jdbc")
			.withBean("workflow", Workflow.class,
					() -> Workflow.define("no-spring-jdbc", String.class)
						.stage("one", (state, context) -> state)
						.build())
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("mmate.stageflow.status-store")
				.hasMessageContaining("needs spring-jdbc and a DataSource"));
	}

}
