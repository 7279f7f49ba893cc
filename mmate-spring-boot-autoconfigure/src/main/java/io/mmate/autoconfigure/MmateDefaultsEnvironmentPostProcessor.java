package io.mmate.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * The starter's defaults for other settings than its own, as default properties at the lowest precedence, so that
 * an application that sets any of them keeps its own value:
 * <ul>
 * <li>{@code management.endpoint.health.status.order}: Boot's order with the starter's {@code DEGRADED} status between
 * {@code OUT_OF_SERVICE} and {@code UP}, so that {@code /actuator/health} and the health groups show it (Boot leaves a
 * status that is not in the order out of the aggregate). It has no HTTP mapping, so it answers 200 like {@code UP};</li>
 * <li>the levels of the loggers that would log every consumer's connection attempts and failures during a broker
 * outage: the starter's containers report problems once, in their own words, and the consuming connection's outage
 * is reported by {@code ConnectionOutageReporter}; the connection factory's connection attempts are logged from
 * {@code WARN} up.</li>
 * </ul>
 */
public class MmateDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

	/** The property of the status order. */
	public static final String STATUS_ORDER = "management.endpoint.health.status.order";

	/** Boot's order with {@code DEGRADED} between {@code OUT_OF_SERVICE} and {@code UP}. */
	public static final String DEFAULT_ORDER = "down,out-of-service,degraded,up,unknown";

	private static final String HEALTH_STATUS = "org.springframework.boot.health.contributor.Status";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		if (ClassUtils.isPresent(HEALTH_STATUS, application.getClassLoader())) {
			defaults.put(STATUS_ORDER, DEFAULT_ORDER);
		}
		defaults.put("logging.level.io.mmate.connection.ReportingListenerContainer", "off");
		defaults.put("logging.level.io.mmate.listener.HandoverListenerContainer", "off");
		defaults.put("logging.level.org.springframework.amqp.rabbit.connection.CachingConnectionFactory", "warn");
		DefaultPropertiesPropertySource.addOrMerge(defaults, environment.getPropertySources());
	}

}
