package io.mmate.test.broker;

import java.util.Locale;

import org.testcontainers.DockerClientFactory;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Which broker {@link MmateBrokerConfiguration} connects a test to, chosen by the property {@code mmate.test.broker}:
 * {@code auto} (the default) for a Testcontainers broker when a Docker engine answers and the local broker otherwise,
 * {@code testcontainers} or {@code local} to insist on one.
 */
public enum BrokerSelection {

	/** A {@link MmateRabbitMQContainer}, connected with {@code @ServiceConnection}. */
	TESTCONTAINERS,

	/** The {@link LocalBroker} on 127.0.0.1:5672. */
	LOCAL;

	/** The property that chooses the broker: {@code auto}, {@code testcontainers} or {@code local}. */
	public static final String PROPERTY = "mmate.test.broker";

	private static final String DOCKER_CLIENT_FACTORY = "org.testcontainers.DockerClientFactory";

	/**
	 * The broker for a test's environment.
	 * @param environment the test's environment
	 * @param classLoader the class loader that would load Testcontainers
	 * @return the broker to use
	 * @throws IllegalStateException if the property has a value that names no broker
	 */
	public static BrokerSelection select(Environment environment, ClassLoader classLoader) {
		String chosen = environment.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
		return switch (chosen) {
			case "auto" -> dockerAnswers(classLoader) ? TESTCONTAINERS : LOCAL;
			case "testcontainers" -> TESTCONTAINERS;
			case "local" -> LOCAL;
			default -> throw new IllegalStateException(
					PROPERTY + "=" + chosen + " names no broker: use auto, testcontainers or local");
		};
	}

	/**
	 * Whether Testcontainers is on the class path and finds a Docker engine that answers.
	 * @param classLoader the class loader that would load Testcontainers
	 * @return {@code true} if a container can be started
	 */
	public static boolean dockerAnswers(ClassLoader classLoader) {
		return ClassUtils.isPresent(DOCKER_CLIENT_FACTORY, classLoader) && Docker.answers();
	}

	/**
	 * Matches when the test gets a Testcontainers broker.
	 */
	static class OnTestcontainers implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return select(context.getEnvironment(), context.getClassLoader()) == TESTCONTAINERS;
		}

	}

	/**
	 * Matches when the test gets the local broker.
	 */
	static class OnLocalBroker implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return select(context.getEnvironment(), context.getClassLoader()) == LOCAL;
		}

	}

	// Loaded only once Testcontainers is known to be on the class path.
	private static final class Docker {

		static boolean answers() {
			try {
				return DockerClientFactory.instance().isDockerAvailable();
			}
			catch (RuntimeException ex) {
				return false;
			}
		}

	}

}
