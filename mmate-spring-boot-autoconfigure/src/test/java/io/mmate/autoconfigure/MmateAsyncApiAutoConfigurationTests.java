package io.mmate.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.mmate.Command;
import io.mmate.Event;
import io.mmate.MmateHandler;
import io.mmate.asyncapi.AsyncApiGenerator;
import io.mmate.autoconfigure.endpoint.MmateAsyncApiEndpoint;
import io.mmate.autoconfigure.endpoint.MmateAsyncApiEndpointAutoConfiguration;
import io.mmate.testsupport.AsyncApiSchema;
import io.mmate.testsupport.UnreachableConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MmateAsyncApiAutoConfiguration} and {@link MmateAsyncApiEndpointAutoConfiguration}, without a
 * broker: the connection factory fails every connection.
 */
class MmateAsyncApiAutoConfigurationTests {

	private static final String EXPOSED = "management.endpoints.web.exposure.include=" + MmateAsyncApiEndpoint.ID;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
				MmateAutoConfiguration.class, MmateAsyncApiAutoConfiguration.class,
				MmateAsyncApiEndpointAutoConfiguration.class))
		.withBean(ConnectionFactory.class, UnreachableConnectionFactory::new)
		.withPropertyValues(UnreachableConnectionFactory.springProperties());

	@Test
	void endpointServesTheDocumentWhenExposed() {
		this.contextRunner.withPropertyValues(EXPOSED, "mmate.service-name=asyncapi-autoconfig",
				"mmate.asyncapi.sends=" + ParcelShipped.class.getName())
			.withBean(Handlers.class)
			.run((context) -> {
				JsonNode document = context.getBean(MmateAsyncApiEndpoint.class).document();
				assertThat(AsyncApiSchema.validate(document)).isEmpty();
				assertThat(document.get("operations").propertyNames()).containsExactlyInAnyOrder("receiveShipParcel",
						"sendParcelShipped");
			});
	}

	@Test
	void endpointIsAbsentUnlessExposed() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(AsyncApiGenerator.class);
			assertThat(context).doesNotHaveBean(MmateAsyncApiEndpoint.class);
			assertThat(context).doesNotHaveBean(AsyncApiExport.class);
		});
	}

	@Test
	void absentWhenMmateIsDisabled() {
		this.contextRunner.withPropertyValues(EXPOSED, "mmate.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(AsyncApiGenerator.class);
			assertThat(context).doesNotHaveBean(MmateAsyncApiEndpoint.class);
		});
	}

	@Test
	void documentIsWrittenToTheExportPathOnceTheApplicationIsReady(@TempDir Path directory) {
		Path file = directory.resolve("docs/asyncapi.json");
		this.contextRunner.withPropertyValues("mmate.service-name=asyncapi-autoconfig",
				"mmate.asyncapi.export-path=" + file)
			.withBean(Handlers.class)
			.run((context) -> {
				assertThat(file).doesNotExist();
				context.publishEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0],
						context.getSourceApplicationContext(), Duration.ZERO));
				assertThat(file).exists();
				JsonNode written = JsonMapper.builder().build().readTree(Files.readString(file));
				assertThat(AsyncApiSchema.validate(written)).isEmpty();
				assertThat(written.get("info").get("title").stringValue()).isEqualTo("asyncapi-autoconfig");
			});
	}

	record ShipParcel(String parcelId) implements Command {
	}

	record ParcelShipped(String aggregateId) implements Event {
	}

	static class Handlers {

		@MmateHandler
		void on(ShipParcel command) {
		}

	}

}
