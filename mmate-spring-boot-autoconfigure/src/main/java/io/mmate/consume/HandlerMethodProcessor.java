package io.mmate.consume;

import java.util.stream.Collectors;

import io.mmate.Message;
import io.mmate.MessageHandler;
import io.mmate.MessageKind;
import io.mmate.MmateConfigurationException;
import io.mmate.MmateHandler;
import io.mmate.MmateHandlerRegistrar;
import io.mmate.dispatch.HandlerDefinition;
import io.mmate.dispatch.HandlerRegistry;
import io.mmate.envelope.TypeRegistry;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

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

	private final AnnotatedBeanMethods<MmateHandler> methods = new AnnotatedBeanMethods<>(MmateHandler.class);

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
		this.methods.forEach(this.beanFactory, (beanName, bean, method, annotation) -> {
			HandlerDefinition definition = HandlerMethods.definition(bean, method, this.types);
			this.registry.register(definition);
			if (HandlerMethods.validatesPayload(method)) {
				this.registry.validatePayloads(definition.typeName());
			}
		});
		this.registrars.orderedStream().forEach((registrar) -> registrar.registerHandlers(new CodeHandlers()));
		if (!this.registry.isEmpty() && (this.serviceName == null || this.serviceName.isBlank())) {
			String handlers = this.registry.all()
				.stream()
				.map(HandlerDefinition::description)
				.collect(Collectors.joining(", "));
			throw new MmateConfigurationException("mmate.service-name is not set, and it names the service queue that "
					+ "these handlers consume from: " + handlers + ".",
					"Set mmate.service-name to the name of this service (its queue is '{name}-queue'), or remove the "
							+ "handlers from an application that only publishes.");
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
