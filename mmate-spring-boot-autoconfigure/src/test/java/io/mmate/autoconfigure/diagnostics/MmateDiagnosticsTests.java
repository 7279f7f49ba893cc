package io.mmate.autoconfigure.diagnostics;

import java.io.IOException;

import io.mmate.Command;
import io.mmate.MessagePublisher;
import io.mmate.MmateConfigurationException;
import io.mmate.MmateHandler;
import io.mmate.autoconfigure.MmateAutoConfiguration;
import io.mmate.testsupport.UnreachableConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the start-up checks and the reports of start-ups the starter refuses, without a broker.
 */
class MmateDiagnosticsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
				MmateDiagnosticsAutoConfiguration.class, MmateAutoConfiguration.class))
		.withPropertyValues(UnreachableConnectionFactory.springProperties())
		.withPropertyValues("mmate.listener.auto-startup=false");

	private final MmateConfigurationFailureAnalyzer analyzer = new MmateConfigurationFailureAnalyzer();

	@Test
	void twoConnectionFactoriesWithoutPrimaryFailNamingBoth() {
		this.contextRunner.withBean("ordersBroker", ConnectionFactory.class, UnreachableConnectionFactory::new)
			.withBean("auditBroker", ConnectionFactory.class, UnreachableConnectionFactory::new)
			.run((context) -> {
				FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("ordersBroker", "auditBroker", "none of them @Primary");
				assertThat(analysis.getAction()).contains("@Primary", "mmate.enabled=false");
			});
	}

	@Test
	void aPrimaryConnectionFactoryIsTheOneMmateUses() {
		this.contextRunner.withBean("ordersBroker", ConnectionFactory.class, UnreachableConnectionFactory::new,
				(definition) -> definition.setPrimary(true))
			.withBean("auditBroker", ConnectionFactory.class, UnreachableConnectionFactory::new)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(MessagePublisher.class));
	}

	@Test
	void mmateDisabledLeavesTwoConnectionFactoriesAlone() {
		// Without Boot's RabbitMQ auto-configuration, whose listener container factory wants a single one as well.
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MmateDiagnosticsAutoConfiguration.class, MmateAutoConfiguration.class))
			.withPropertyValues("mmate.enabled=false")
			.withBean("ordersBroker", ConnectionFactory.class, UnreachableConnectionFactory::new)
			.withBean("auditBroker", ConnectionFactory.class, UnreachableConnectionFactory::new)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void handlersWithoutServiceNameAreReportedWithTheProperty() {
		this.contextRunner.withBean(ConnectionFactory.class, UnreachableConnectionFactory::new)
			.withUserConfiguration(PingHandler.class)
			.run((context) -> {
				FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).startsWith("mmate.service-name is not set")
					.contains("PingHandler#on(Ping)");
				assertThat(analysis.getAction()).startsWith("Set mmate.service-name");
			});
	}

	@Test
	void invalidHandlerIsReportedWithTheMethod() {
		this.contextRunner.withBean(ConnectionFactory.class, UnreachableConnectionFactory::new)
			.withPropertyValues("mmate.service-name=diagnostics-test")
			.withUserConfiguration(InvalidHandler.class)
			.run((context) -> {
				FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("InvalidHandler#on(String)", "is invalid");
				assertThat(analysis.getAction()).contains("signature");
			});
	}

	@Test
	void twoHandlersForOneTypeAreReportedWithBoth() {
		this.contextRunner.withBean(ConnectionFactory.class, UnreachableConnectionFactory::new)
			.withPropertyValues("mmate.service-name=diagnostics-test")
			.withUserConfiguration(PingHandler.class, OtherPingHandler.class)
			.run((context) -> {
				FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Two handlers for message type 'Ping'",
						"PingHandler#on(Ping)", "OtherPingHandler#handle(Ping)");
				assertThat(analysis.getAction()).contains("@MessageType");
			});
	}

	@Test
	void theAnalyzerIsRegisteredWithSpringBoot() throws IOException {
		// This module's own spring.factories, not the first one on the class path.
		UrlResource factories = new UrlResource(
				MmateConfigurationFailureAnalyzer.class.getProtectionDomain().getCodeSource().getLocation()
						+ "META-INF/spring.factories");
		assertThat(PropertiesLoaderUtils.loadProperties(factories).getProperty(FailureAnalyzer.class.getName()))
			.contains(MmateConfigurationFailureAnalyzer.class.getName());
	}

	@Test
	void theMessageHoldsDescriptionAndAction() {
		assertThat(new MmateConfigurationException("What is wrong.", "What to do."))
			.hasMessage("What is wrong. What to do.");
	}

	record Ping(String id) implements Command {
	}

	static class PingHandler {

		@MmateHandler
		void on(Ping ping) {
		}

	}

	static class OtherPingHandler {

		@MmateHandler
		void handle(Ping ping) {
		}

	}

	static class InvalidHandler {

		@MmateHandler
		void on(String text) {
		}

	}

}
