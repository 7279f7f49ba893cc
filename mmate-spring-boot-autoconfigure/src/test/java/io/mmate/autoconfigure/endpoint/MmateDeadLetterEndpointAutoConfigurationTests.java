package io.mmate.autoconfigure.endpoint;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.mmate.MessagePublisher;
import io.mmate.autoconfigure.MmateAutoConfiguration;
import io.mmate.deadletter.DeadLetterLimits;
import io.mmate.deadletter.DeadLetterOperations;
import io.mmate.deadletter.DeadLetterRequestException;
import io.mmate.testsupport.UnreachableConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MmateDeadLetterEndpointAutoConfiguration}, without a broker: the connection factory fails every
 * connection.
 */
class MmateDeadLetterEndpointAutoConfigurationTests {

	private static final String EXPOSED = "management.endpoints.web.exposure.include=" + MmateDeadLetterEndpoint.ID;

	// Upper case, since a context runner's environment lacks the lenient enum conversion of a Spring application.
	private static final String ACCESS = "management.endpoint.mmatedeadletters.access=";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
				MmateAutoConfiguration.class, MmateDeadLetterEndpointAutoConfiguration.class))
		.withBean(ConnectionFactory.class, UnreachableConnectionFactory::new)
		.withPropertyValues(UnreachableConnectionFactory.springProperties());

	@Test
	void endpointIsPresentWhenExposed() {
		this.contextRunner.withPropertyValues(EXPOSED).run((context) -> {
			assertThat(context).hasSingleBean(MmateDeadLetterEndpoint.class);
			assertThat(context).hasSingleBean(DeadLetterOperations.class);
		});
	}

	@Test
	void endpointIsPresentWhenExposedOverJmx() {
		this.contextRunner
			.withPropertyValues("spring.jmx.enabled=true",
					"management.endpoints.jmx.exposure.include=" + MmateDeadLetterEndpoint.ID)
			.run((context) -> assertThat(context).hasSingleBean(MmateDeadLetterEndpoint.class));
	}

	@Test
	void endpointIsAbsentUnlessExposed() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(MmateDeadLetterEndpoint.class);
			assertThat(context).doesNotHaveBean(DeadLetterOperations.class);
			assertThat(context).hasSingleBean(MessagePublisher.class);
		});
	}

	@Test
	void endpointIsAbsentWhenItsAccessIsNone() {
		this.contextRunner.withPropertyValues(EXPOSED, ACCESS + "NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(MmateDeadLetterEndpoint.class));
	}

	@Test
	void endpointIsAbsentWithoutActuatorAndMmateStillWorks() {
		this.contextRunner.withPropertyValues(EXPOSED)
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(MmateDeadLetterEndpoint.class);
				assertThat(context).hasSingleBean(MessagePublisher.class);
			});
	}

	@Test
	void endpointIsAbsentWithoutActuatorAutoConfiguration() {
		this.contextRunner.withPropertyValues(EXPOSED)
			.withClassLoader(new FilteredClassLoader(ConditionalOnAvailableEndpoint.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(MmateDeadLetterEndpoint.class);
			});
	}

	@Test
	void endpointIsAbsentWhenMmateIsDisabled() {
		this.contextRunner.withPropertyValues(EXPOSED, "mmate.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MmateDeadLetterEndpoint.class));
	}

	@Test
	void backsOffWhenTheUserDefinesTheOperations() {
		DeadLetterOperations operations = new DeadLetterOperations(new UnreachableConnectionFactory(), null,
				Duration.ofSeconds(1), Set.of("orders-queue"), DeadLetterLimits.DEFAULTS);
		this.contextRunner.withPropertyValues(EXPOSED)
			.withBean(DeadLetterOperations.class, () -> operations)
			.run((context) -> assertThat(context.getBean(DeadLetterOperations.class)).isSameAs(operations));
	}

	@Test
	void operationsServeOnlyThisServicesQueueWithTheConfiguredLimits() {
		this.contextRunner
			.withPropertyValues(EXPOSED, "mmate.service-name=orders", "mmate.dead-letter.listing.max-page-size=10",
					"mmate.dead-letter.listing.max-offset=50")
			.run((context) -> {
				DeadLetterOperations operations = context.getBean(DeadLetterOperations.class);
				assertThat(operations.limits().maxPageSize()).isEqualTo(10);
				assertThat(operations.limits().maxOffset()).isEqualTo(50);
				assertThatExceptionOfType(DeadLetterRequestException.class)
					.isThrownBy(() -> operations.list("billing-queue", 0, 10))
					.withMessage("'billing-queue' is not a queue of this service; its dead letters are those of "
							+ "orders-queue");
				assertThatExceptionOfType(DeadLetterRequestException.class)
					.isThrownBy(() -> operations.list("orders-queue", 51, 10))
					.withMessageContaining("the offset must be 0 to 50 and the limit 1 to 10");
				assertThatExceptionOfType(DeadLetterRequestException.class)
					.isThrownBy(() -> operations.purge("q".repeat(256)))
					.withMessage("The queue name is longer than 255 bytes");
			});
	}

	@Test
	void invalidListingLimitsFailNamingTheProperty() {
		this.contextRunner.withPropertyValues(EXPOSED, "mmate.dead-letter.listing.max-page-size=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("mmate.dead-letter.listing.max-page-size"));
	}

	@Test
	void webAccessIsReadOnlyByDefault() {
		webRunner().withPropertyValues(EXPOSED)
			.run((context) -> assertThat(operations(context)).containsOnlyKeys(OperationType.READ)
				.containsEntry(OperationType.READ, "GET mmatedeadletters/{queue}"));
	}

	@Test
	void unrestrictedAccessAddsReplayAndPurge() {
		webRunner().withPropertyValues(EXPOSED, ACCESS + "UNRESTRICTED")
			.run((context) -> assertThat(operations(context)).containsOnly(
					Map.entry(OperationType.READ, "GET mmatedeadletters/{queue}"),
					Map.entry(OperationType.WRITE, "POST mmatedeadletters/{queue}"),
					Map.entry(OperationType.DELETE, "DELETE mmatedeadletters/{queue}")));
	}

	private WebApplicationContextRunner webRunner() {
		return new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
					MmateAutoConfiguration.class, MmateDeadLetterEndpointAutoConfiguration.class,
					EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class))
			.withBean(ConnectionFactory.class, UnreachableConnectionFactory::new)
			.withPropertyValues(UnreachableConnectionFactory.springProperties());
	}

	private static Map<OperationType, String> operations(ApplicationContext context) {
		ExposableWebEndpoint endpoint = context.getBean(WebEndpointsSupplier.class)
			.getEndpoints()
			.stream()
			.filter((candidate) -> candidate.getEndpointId().equals(EndpointId.of(MmateDeadLetterEndpoint.ID)))
			.findFirst()
			.orElseThrow();
		return endpoint.getOperations()
			.stream()
			.collect(Collectors.toMap(WebOperation::getType, MmateDeadLetterEndpointAutoConfigurationTests::route));
	}

	private static String route(WebOperation operation) {
		return operation.getRequestPredicate().getHttpMethod() + " " + operation.getRequestPredicate().getPath();
	}

}
