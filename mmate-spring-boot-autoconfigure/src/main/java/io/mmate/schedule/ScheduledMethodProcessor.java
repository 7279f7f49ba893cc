package io.mmate.schedule;


import io.mmate.MmateScheduled;
import io.mmate.consume.AnnotatedBeanMethods;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Collects {@link MmateScheduled} methods (proxy-safe) into the {@link RecurringSchedules} once every singleton
 * exists, checking each; it only collects, and the {@link SchedulingLifecycle} runs them.
 */
public class ScheduledMethodProcessor implements SmartInitializingSingleton, BeanFactoryAware {

	private final RecurringSchedules schedules;

	private final String serviceName;

	private final AnnotatedBeanMethods<MmateScheduled> methods = new AnnotatedBeanMethods<>(MmateScheduled.class);

	private ConfigurableListableBeanFactory beanFactory;

	/**
	 * Create the processor.
	 * @param schedules where schedules go
	 * @param serviceName the service name, required when any schedule exists
	 */
	public ScheduledMethodProcessor(RecurringSchedules schedules, String serviceName) {
		this.schedules = schedules;
		this.serviceName = serviceName;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.methods.forEach(this.beanFactory, (beanName, bean, method, annotation) -> this.schedules
			.register(ScheduledMethods.schedule(bean, beanName, method, annotation, this.serviceName)));
	}

}
