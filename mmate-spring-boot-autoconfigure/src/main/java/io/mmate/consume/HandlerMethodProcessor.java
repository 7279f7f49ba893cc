package io.mmate.consume;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.mmate.Message;
import io.mmate.MessageHandler;
import io.mmate.MessageKind;
import io.mmate.MmateHandler;
import io.mmate.MmateHandlerRegistrar;
import io.mmate.dispatch.HandlerDefinition;
import io.mmate.dispatch.HandlerRegistry;
import io.mmate.envelope.TypeRegistry;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Collects handlers once every singleton exists: {@link MmateHandler} methods of beans (proxy-safe) and the
 * registrations of {@link MmateHandlerRegistrar} beans. It only collects; topology and consumers are started later
 * from the {@link HandlerRegistry} it fills.
 */
public class HandlerMethodProcessor implements SmartInitializingSingleton, BeanFactoryAware {

	private final HandlerRegistry registry;

	private final TypeRegistry types;

	private final ObjectProvider<MmateHandlerRegistrar> registrars;

	private final String serviceName;

	private final Set<Class<?>> classesWithoutHandlers = ConcurrentHashMap.newKeySet();

	private ConfigurableListableBeanFactory beanFactory;

	/**
	 * Create the processor.
	 * @param registry where handlers go
	 * @param types the type registry
	 * @param registrars registrars of handlers in code
	 * @param serviceName the service name, required when any handler exists
	 */
	public HandlerMethodProcessor(HandlerRegistry registry, TypeRegistry types,
			ObjectProvider<MmateHandlerRegistrar> registrars, String serviceName) {
		this.registry = registry;
		this.types = types;
		this.registrars = registrars;
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
		this.registrars.orderedStream().forEach((registrar) -> registrar.registerHandlers(new CodeHandlers()));
		if (!this.registry.isEmpty() && (this.serviceName == null || this.serviceName.isBlank())) {
			String handlers = this.registry.all()
				.stream()
				.map(HandlerDefinition::description)
				.collect(Collectors.joining(", "));
			throw new IllegalStateException("mmate.service-name must be set: it names the service queue that "
					+ "these handlers consume from: " + handlers);
		}
	}

	private void processBean(String beanName, Class<?> type) {
		if (this.classesWithoutHandlers.contains(type) || !AnnotationUtils.isCandidateClass(type, MmateHandler.class)) {
			return;
		}
		Map<Method, MmateHandler> methods = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<MmateHandler>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, MmateHandler.class));
		if (methods.isEmpty()) {
			this.classesWithoutHandlers.add(type);
			return;
		}
		Object bean = this.beanFactory.getBean(beanName);
		for (Method method : methods.keySet()) {
			Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
			this.registry.register(HandlerMethods.definition(bean, invocable, this.types));
		}
	}

	private final class CodeHandlers implements MmateHandlerRegistrar.Handlers {

		@Override
		@SuppressWarnings("unchecked")
		public <T extends Message> void register(Class<T> type, MessageHandler<T> handler) {
			String typeName = HandlerMethodProcessor.this.types.register(type);
			HandlerMethodProcessor.this.registry.register(new HandlerDefinition(typeName, MessageKind.of(type), type,
					(MessageHandler<Object>) (MessageHandler<?>) handler, "registered handler for " + type.getName()));
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T> void register(String typeName, MessageKind kind, Class<T> payloadType, MessageHandler<T> handler) {
			HandlerMethodProcessor.this.registry.register(new HandlerDefinition(typeName, kind, payloadType,
					(MessageHandler<Object>) (MessageHandler<?>) handler, "registered handler for '" + typeName + "'"));
		}

	}

}
