package io.mmate.consume;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Finds the methods of every singleton bean that carry an annotation, proxy-safe: the target class is searched and
 * the method invoked is the one of the bean as exposed. Classes without such methods are remembered, so each class is
 * searched once.
 *
 * @param <A> the annotation
 */
public final class AnnotatedBeanMethods<A extends Annotation> {

	private final Class<A> annotation;

	private final Set<Class<?>> classesWithout = ConcurrentHashMap.newKeySet();

	/**
	 * Create a finder.
	 * @param annotation the annotation to look for
	 */
	public AnnotatedBeanMethods(Class<A> annotation) {
		this.annotation = annotation;
	}

	/**
	 * Call back for each annotated method of each bean.
	 * @param beanFactory the bean factory, once every singleton exists
	 * @param callback what to do with each method
	 */
	public void forEach(ConfigurableListableBeanFactory beanFactory, Callback<A> callback) {
		for (String beanName : beanFactory.getBeanNamesForType(Object.class, false, false)) {
			if (!ScopedProxyUtils.isScopedTarget(beanName)) {
				Class<?> type = AutoProxyUtils.determineTargetClass(beanFactory, beanName);
				if (type != null) {
					process(beanFactory, beanName, type, callback);
				}
			}
		}
	}

	private void process(ConfigurableListableBeanFactory beanFactory, String beanName, Class<?> type,
			Callback<A> callback) {
		if (this.classesWithout.contains(type) || !AnnotationUtils.isCandidateClass(type, this.annotation)) {
			return;
		}
		Map<Method, A> methods = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<A>) (method) -> AnnotatedElementUtils.findMergedAnnotation(method,
						this.annotation));
		if (methods.isEmpty()) {
			this.classesWithout.add(type);
			return;
		}
		Object bean = beanFactory.getBean(beanName);
		methods.forEach((method, found) -> callback.found(beanName, bean,
				AopUtils.selectInvocableMethod(method, bean.getClass()), found));
	}

	/**
	 * What to do with an annotated method.
	 *
	 * @param <A> the annotation
	 */
	@FunctionalInterface
	public interface Callback<A extends Annotation> {

		/**
		 * An annotated method was found.
		 * @param beanName the bean's name
		 * @param bean the bean
		 * @param method the method to invoke on the bean
		 * @param annotation the annotation
		 */
		void found(String beanName, Object bean, Method method, A annotation);

	}

}
