package io.mmate.dispatch;

import java.util.List;

/**
 * Checks a bound payload against the constraints of its class, before the handler is called, for handlers whose
 * message parameter asks for it ({@code @Valid}).
 */
@FunctionalInterface
public interface PayloadValidator {

	/**
	 * The constraints a payload breaks.
	 * @param payload the bound payload
	 * @return each violation as {@code fieldPath: message}, sorted; empty when the payload is valid
	 */
	List<String> violations(Object payload);

}
