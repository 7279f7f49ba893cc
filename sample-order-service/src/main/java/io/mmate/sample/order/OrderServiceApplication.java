package io.mmate.sample.order;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * An order service that places orders by command, answers order queries and publishes order events with Mmate, and
 * offers a REST API that sends those commands and queries by request/reply. Actuator shows its health, meters and
 * Mmate set-up, and tracing follows each request through its messages.
 */
@SpringBootApplication
@EnableConfigurationProperties(OrderServiceProperties.class)
public class OrderServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(OrderServiceApplication.class, args);
	}

}
