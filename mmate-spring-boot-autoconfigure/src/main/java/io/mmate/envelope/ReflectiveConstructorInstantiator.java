package io.mmate.envelope;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.AnnotatedConstructor;
import tools.jackson.databind.util.ClassUtil;

/**
 * Creates the objects that the wire mapper binds through a constructor taking their properties (records, most of all)
 * by calling the constructor reflectively. Jackson calls it through {@code MethodHandle.invokeWithArguments}, which on
 * Java 17 builds a spreading method handle, its method types and their arrays for every object: some 200 bytes per
 * payload. A failure is reported as Jackson reports it.
 */
final class ReflectiveConstructorInstantiator extends StdValueInstantiator {

	private final Constructor<?> constructor;

	private ReflectiveConstructorInstantiator(StdValueInstantiator instantiator, Constructor<?> constructor) {
		super(instantiator);
		this.constructor = constructor;
	}

	/**
	 * Wrap Jackson's own instantiator of a class created through a constructor with arguments that can be called from
	 * here.
	 * @param instantiator the instantiator
	 * @return an instantiator calling the constructor reflectively, or the one given for any other creator
	 */
	static StdValueInstantiator of(StdValueInstantiator instantiator) {
		if (instantiator.getClass() == StdValueInstantiator.class
				&& instantiator.getWithArgsCreator() instanceof AnnotatedConstructor creator
				&& creator.getAnnotated().canAccess(null)) {
			return new ReflectiveConstructorInstantiator(instantiator, creator.getAnnotated());
		}
		return instantiator;
	}

	@Override
	public Object createFromObjectWith(DeserializationContext ctxt, Object[] args) throws JacksonException {
		Object created;
		try {
			created = this.constructor.newInstance(args);
		}
		catch (InvocationTargetException ex) {
			// Thrown by the constructor itself: handled as Jackson handles it.
			Throwable cause = ex.getCause();
			if (cause instanceof Exception exception) {
				return ctxt.handleInstantiationProblem(this._valueClass, args, rewrapCtorProblem(ctxt, exception));
			}
			throw ClassUtil.sneakyThrow(cause);
		}
		catch (ReflectiveOperationException | IllegalArgumentException ex) {
			// Arguments the constructor does not take (null for a primitive): Jackson's own call reports them.
			return super.createFromObjectWith(ctxt, args);
		}
		return created;
	}

}
