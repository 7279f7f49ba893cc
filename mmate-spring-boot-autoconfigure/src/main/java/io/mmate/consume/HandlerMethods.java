package io.mmate.consume;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import io.mmate.Message;
import io.mmate.MessageContext;
import io.mmate.MessageHandler;
import io.mmate.MessageKind;
import io.mmate.MmateConfigurationException;
import io.mmate.MmateHandler;
import io.mmate.Reply;
import io.mmate.dispatch.HandlerDefinition;
import io.mmate.envelope.TypeRegistry;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedMethod;
import org.springframework.util.ReflectionUtils;

/**
 * Turns one {@link MmateHandler} method into a {@link HandlerDefinition}, checking its signature: a message as the
 * first parameter, an optional {@link MessageContext} second, and {@code void} or a {@link Reply} as the result, or a
 * {@link CompletionStage} of either, which the delivery waits for.
 */
final class HandlerMethods {

	private static final Set<String> VALIDATION_ANNOTATIONS = Set.of("jakarta.validation.Valid",
			"org.springframework.validation.annotation.Validated");

	private HandlerMethods() {
	}

	static HandlerDefinition definition(Object bean, Method method, TypeRegistry types) {
		String description = describe(method);
		Class<?>[] parameters = method.getParameterTypes();
		if (parameters.length == 0 || parameters.length > 2) {
			throw invalid(description, "takes the message as its first parameter and an optional MessageContext");
		}
		Class<?> messageType = parameters[0];
		if (!Message.class.isAssignableFrom(messageType) || messageType.isInterface()) {
			throw invalid(description, "takes a Command, Event, Query or Reply class as its first parameter, not "
					+ messageType.getName());
		}
		if (parameters.length == 2 && parameters[1] != MessageContext.class) {
			throw invalid(description, "may take a MessageContext as its second parameter, not "
					+ parameters[1].getName());
		}
		boolean async = CompletionStage.class.isAssignableFrom(method.getReturnType());
		Class<?> returnType = async ? completedType(method) : method.getReturnType();
		if (returnType != void.class && returnType != Void.class && !Reply.class.isAssignableFrom(returnType)) {
			throw invalid(description, "returns void, a Reply, or a CompletableFuture of Void or of a Reply, not "
					+ method.getGenericReturnType().getTypeName());
		}
		ReflectionUtils.makeAccessible(method);
		String typeName = types.register(messageType);
		MmateHandler annotation = AnnotatedElementUtils.findMergedAnnotation(method, MmateHandler.class);
		return new HandlerDefinition(typeName, MessageKind.of(messageType), messageType,
				invoker(bean, method, parameters.length == 2, async), description,
				annotation != null && annotation.idempotent(), delivery(annotation, description), returnType);
	}

	/**
	 * Whether a handler method asks for its message to be validated: its message parameter is marked with Jakarta's
	 * {@code @Valid} or Spring's {@code @Validated}, on the method or on a method it overrides. Compared by name, so
	 * that Bean Validation need not be on the class path.
	 * @param method the handler method
	 * @return whether to validate its payloads
	 */
	static boolean validatesPayload(Method method) {
		for (Annotation annotation : new AnnotatedMethod(method).getMethodParameters()[0].getParameterAnnotations()) {
			if (VALIDATION_ANNOTATIONS.contains(annotation.annotationType().getName())) {
				return true;
			}
		}
		return false;
	}

	// What a CompletionStage the method returns completes with; Object when the method does not say.
	private static Class<?> completedType(Method method) {
		Class<?> completed = ResolvableType.forMethodReturnType(method).as(CompletionStage.class).getGeneric(0).resolve();
		return (completed != null) ? completed : Object.class;
	}

	private static MessageHandler<Object> invoker(Object bean, Method method, boolean withContext, boolean async) {
		return (message, context) -> {
			try {
				Object result = withContext ? method.invoke(bean, message, context) : method.invoke(bean, message);
				return async ? completion((CompletionStage<?>) result) : result;
			}
			catch (InvocationTargetException ex) {
				Throwable target = ex.getTargetException();
				if (target instanceof Exception exception) {
					throw exception;
				}
				throw (Error) target;
			}
		};
	}

	/**
	 * Wait for what an asynchronous handler returned, on the delivery's thread: the message is settled (acknowledged,
	 * replied to, retried or dead-lettered) once it completes, as if the handler had returned its result or thrown.
	 */
	private static Object completion(CompletionStage<?> stage) throws Exception {
		if (stage == null) {
			return null;
		}
		try {
			return stage.toCompletableFuture().get();
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			// A stage that failed in a dependent step wraps the failure once more.
			if (cause instanceof CompletionException wrapped && wrapped.getCause() != null) {
				cause = wrapped.getCause();
			}
			if (cause instanceof Exception exception) {
				throw exception;
			}
			throw (Error) cause;
		}
	}

	private static HandlerDefinition.Delivery delivery(MmateHandler annotation, String description) {
		if (annotation == null || (!annotation.broadcast() && !annotation.partitioned())) {
			return HandlerDefinition.Delivery.SERVICE_QUEUE;
		}
		if (annotation.broadcast() && annotation.partitioned()) {
			throw invalid(description, "is either broadcast or partitioned, not both");
		}
		return annotation.broadcast() ? HandlerDefinition.Delivery.BROADCAST : HandlerDefinition.Delivery.PARTITIONED;
	}

	static String describe(Method method) {
		String parameters = Arrays.stream(method.getParameterTypes())
			.map(Class::getSimpleName)
			.collect(Collectors.joining(", "));
		return method.getDeclaringClass().getName() + "#" + method.getName() + "(" + parameters + ")";
	}

	private static MmateConfigurationException invalid(String description, String rule) {
		return new MmateConfigurationException(
				"@MmateHandler method " + description + " is invalid: a handler " + rule + ".",
				"Change the method's signature, or remove its @MmateHandler annotation.");
	}

}
