package io.mmate.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.mmate.Command;
import io.mmate.MessageKind;
import io.mmate.PublishOptions;
import io.mmate.envelope.EnvelopeCodec;
import io.mmate.envelope.OutboundEnvelope;
import io.mmate.testsupport.UnreachableConnectionFactory;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The envelope's mapper is the starter's own: the application's {@code spring.jackson.*} settings do not change the
 * wire, and its Jackson modules join only with {@code mmate.json.application-modules=true}.
 */
class WireMapperTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, RabbitAutoConfiguration.class,
				MmateAutoConfiguration.class))
		.withBean(ConnectionFactory.class, UnreachableConnectionFactory::new)
		.withPropertyValues(UnreachableConnectionFactory.springProperties());

	@Test
	void snakeCaseForTheApplicationLeavesTheWireInCamelCase() {
		this.contextRunner.withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE").run((context) -> {
			// The application's own mapper does take the setting.
			assertThat(context.getBean(JsonMapper.class).writeValueAsString(new PlaceOrder("o-1", new Money("12.00"))))
				.contains("\"order_id\"");
			String body = encode(context);
			assertThat(body).contains("\"orderId\":\"o-1\"", "\"targetService\":\"orders\"")
				.doesNotContain("order_id", "target_service");
		});
	}

	@Test
	void applicationModulesStayOffTheWireUnlessAskedFor() {
		this.contextRunner.withBean("moneyModule", JacksonModule.class, WireMapperTests::moneyModule)
			.run((context) -> assertThat(encode(context)).contains("\"total\":{\"amount\":\"12.00\"}"));
	}

	@Test
	void applicationModulesJoinWhenAskedFor() {
		this.contextRunner.withBean("moneyModule", JacksonModule.class, WireMapperTests::moneyModule)
			.withPropertyValues("mmate.json.application-modules=true")
			.run((context) -> assertThat(encode(context)).contains("\"total\":\"EUR 12.00\""));
	}

	private static String encode(AssertableApplicationContext context) {
		EnvelopeCodec codec = context.getBean(EnvelopeCodec.class);
		byte[] body = codec.encode(new OutboundEnvelope("m-1", "PlaceOrder", MessageKind.COMMAND, Instant.now(),
				new PlaceOrder("o-1", new Money("12.00")), "orders", PublishOptions.defaults())).getBody();
		return new String(body, StandardCharsets.UTF_8);
	}

	private static JacksonModule moneyModule() {
		SimpleModule module = new SimpleModule("money");
		module.addSerializer(Money.class, new StdSerializer<>(Money.class) {

			@Override
			public void serialize(Money value, JsonGenerator generator, SerializationContext context) {
				generator.writeString("EUR " + value.amount());
			}

		});
		return module;
	}

	record Money(String amount) {
	}

	record PlaceOrder(String orderId, Money total) implements Command {
	}

}
