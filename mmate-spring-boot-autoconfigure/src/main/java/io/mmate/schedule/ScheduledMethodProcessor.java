package io.mmate.schedule;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.mmate.MmateScheduled;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Collects {@link MmateScheduled} methods (proxy-safe) into the {@link RecurringSchedules} once every singleton
 * exists, checking each; it only collects, and the {@link SchedulingLifecycle} runs them.
 */
public class ScheduledMethodProcessor implements SmartInitializingSingleton, BeanFactoryAware {

	private final RecurringSchedules schedules;

	private final String serviceName;

	private final Set<Class<?>> classesWithoutSchedules = ConcurrentHashMap.newKeySet();

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
		for (String beanName : this.beanFactory.getBeanNamesForType(Object.class, false, false)) {
			if (!ScopedProxyUtils.isScopedTarget(beanName)) {
				Class<?> type = AutoProxyUtils.determineTargetClass(this.beanFactory, beanName);
				if (type != null) {
					processBean(beanName, type);
				}
			}
		}
	}

	private void processBean(String beanName, Class<?> type) {
		if (this.classesWithoutSchedules.contains(type)
				|| !AnnotationUtils.isCandidateClass(type, MmateScheduled.class)) {
			return;
		}
		Map<Method, MmateScheduled> methods = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<MmateScheduled>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, MmateScheduled.class));
		if (methods.isEmpty()) {
			this.classesWithoutSchedules.add(type);
			return;
		}
		Object bean = this.beanFactory.getBean(beanName);
		methods.forEach((method, annotation) -> {
			Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
			this.schedules.register(ScheduledMethods.schedule(bean, beanName, invocable, annotation,
					this.serviceName));
		});
	}

}
