package io.mmate.autoconfigure.diagnostics;

import java.util.Arrays;
import java.util.List;

import io.mmate.MmateConfigurationException;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Stops the start-up of an application with more than one RabbitMQ {@link ConnectionFactory} and none of them
 * primary: the starter would not know which broker to use, and without this check its auto-configuration would
 * silently back off. Runs before any bean is created, on the bean definitions.
 */
public class SingleConnectionFactoryCheck implements BeanFactoryPostProcessor {

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		String[] names = beanFactory.getBeanNamesForType(ConnectionFactory.class, true, false);
		if (names.length <= 1) {
			return;
		}
		List<String> primary = Arrays.stream(names)
			.filter((name) -> beanFactory.containsBeanDefinition(name) && beanFactory.getBeanDefinition(name).isPrimary())
			.toList();
		if (primary.size() == 1) {
			return;
		}
		throw new MmateConfigurationException("Mmate needs one RabbitMQ ConnectionFactory and the application has "
				+ names.length + ": " + String.join(", ", names) + ", "
				+ (primary.isEmpty() ? "none of them @Primary." : "several of them @Primary: " + primary + "."),
				"Mark the one Mmate should use @Primary, or set mmate.enabled=false in an application that does not "
						+ "send or handle Mmate messages.");
	}

}
