package io.mmate.envelope;

import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.deser.BeanDeserializerBuilder;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.StdValueInstantiator;

/**
 * Adapts the wire mapper's bean deserializers to payloads bound for every message:
 * <ul>
 * <li>They skip unknown properties where they meet them, as {@code @JsonIgnoreProperties(ignoreUnknown = true)}
 * does. The wire format ignores unknown fields anyway, but a class bound through its constructor (a record, for one)
 * would otherwise copy each unknown field into a buffer, only to ignore it once the object is built: every payload of
 * an event carries its {@code aggregateId} and {@code sequence}, which few event classes declare.</li>
 * <li>A class bound through its constructor is created by a {@link ReflectiveConstructorInstantiator}.</li>
 * </ul>
 */
final class WireBeanDeserializers extends ValueDeserializerModifier {

	private static final long serialVersionUID = 1L;

	@Override
	public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription.Supplier beanDesc,
			BeanDeserializerBuilder builder) {
		builder.setIgnoreUnknownProperties(true);
		if (builder.getValueInstantiator() instanceof StdValueInstantiator instantiator) {
			builder.setValueInstantiator(ReflectiveConstructorInstantiator.of(instantiator));
		}
		return builder;
	}

}
