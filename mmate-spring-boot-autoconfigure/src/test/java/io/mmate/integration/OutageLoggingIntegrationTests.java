package io.mmate.integration;

import java.time.Duration;

import io.mmate.MessageRequester;
import io.mmate.MmateHandler;
import io.mmate.Query;
import io.mmate.Reply;
import io.mmate.testsupport.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a whole Spring Boot application logs while the broker is unreachable, with the starter's default log levels:
 * a warning for the consuming connection and one for the publishing connection, and a line for each when they are
 * back, instead of a stack trace from every consumer at every retry.
 */
@ExtendWith(OutputCaptureExtension.class)
class OutageLoggingIntegrationTests {

	private static final Duration OUTAGE = Duration.ofSeconds(12);

	private final String service = IntegrationTestSupport.uniqueServiceName("outage-log-it");

	@AfterEach
	void deleteQueues() {
		IntegrationTestSupport.deleteServiceQueues(this.service);
	}

	@Test
	void anOutageIsLoggedOnceWithTheCauseAndOnceWhenItEnds(CapturedOutput output) throws Exception {
		try (TcpProxy proxy = TcpProxy.toTestBroker();
				ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
					.properties("spring.main.web-application-type=none", "spring.main.banner-mode=off",
							"spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=" + proxy.port(),
							"mmate.service-name=" + this.service, "mmate.listener.concurrency=3")
					.run()) {
			MessageRequester requester = context.getBean(MessageRequester.class);
			assertThat(requester.requestAndWait(new Ping(1), Pong.class, Duration.ofSeconds(10)).number()).isEqualTo(1);
			int before = output.getOut().length();
			proxy.down();
			// The outage itself: what is logged while it lasts is the point of the test.
			Thread.sleep(OUTAGE.toMillis());
			String during = output.getOut().substring(before);
			proxy.up();
			await().atMost(Duration.ofSeconds(60))
				.ignoreExceptions()
				.until(() -> requester.requestAndWait(new Ping(2), Pong.class, Duration.ofSeconds(2)).number() == 2);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> output.getOut().substring(before).contains("reachable again for consuming"));
			String outage = output.getOut().substring(before);
			System.out.printf("outage of %d s: %d log lines while it lasted, %d until a request was answered again%n",
					OUTAGE.toSeconds(), during.lines().count(), outage.lines().count());
			assertThat(during.lines().count()).isLessThanOrEqualTo(4);
			assertThat(occurrences(outage, "RabbitMQ is not reachable for consuming")).isOne();
			assertThat(occurrences(outage, "RabbitMQ is not reachable for publishing")).isOne();
			assertThat(occurrences(outage, "reachable again for consuming")).isOne();
			assertThat(outage).doesNotContain("Cannot connect to server", "Consumer canceled", "Attempting to connect");
		}
	}

	private static int occurrences(String text, String part) {
		return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Responder.class)
	static class Application {

	}

	record Ping(int number) implements Query {
	}

	record Pong(boolean success, int number) implements Reply {
	}

	static class Responder {

		@MmateHandler
		Pong on(Ping ping) {
			return new Pong(true, ping.number());
		}

	}

}
