package io.mmate.autoconfigure.health;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Gives the starter's {@code DEGRADED} health status ({@code MmateHealthIndicator.DEGRADED}) its place in the status order, between {@code DOWN} and
 * {@code UP}, so that {@code /actuator/health} and the health groups show it without configuration: Boot leaves a
 * status that is not in the order out of the aggregate. The order is a default property, at the lowest precedence:
 * an application that sets {@code management.endpoint.health.status.order} itself keeps its own. {@code DEGRADED}
 * has no HTTP mapping, so it answers 200 like {@code UP}.
 */
public class DegradedStatusEnvironmentPostProcessor implements EnvironmentPostProcessor {

	/** The property of the status order. */
	public static final String STATUS_ORDER = "management.endpoint.health.status.order";

	/** Boot's order with {@code DEGRADED} between {@code OUT_OF_SERVICE} and {@code UP}. */
	public static final String DEFAULT_ORDER = "down,out-of-service,degraded,up,unknown";

	private static final String HEALTH_STATUS = "org.springframework.boot.health.contributor.Status";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (ClassUtils.isPresent(HEALTH_STATUS, application.getClassLoader())) {
			DefaultPropertiesPropertySource.addOrMerge(Map.of(STATUS_ORDER, DEFAULT_ORDER),
					environment.getPropertySources());
		}
	}

}
