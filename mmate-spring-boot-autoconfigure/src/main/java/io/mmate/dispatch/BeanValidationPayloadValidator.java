package io.mmate.dispatch;

import java.util.List;

import jakarta.validation.Validator;

/**
 * A {@link PayloadValidator} that asks a Jakarta Bean Validation {@link Validator}, typically the application's own
 * (the one Spring Boot configures with {@code spring-boot-starter-validation}).
 */
public final class BeanValidationPayloadValidator implements PayloadValidator {

	private final Validator validator;

	/**
	 * Create the validator.
	 * @param validator the Bean Validation validator
	 */
	public BeanValidationPayloadValidator(Validator validator) {
		this.validator = validator;
	}

	@Override
	public List<String> violations(Object payload) {
		return this.validator.validate(payload)
			.stream()
			.map((violation) -> violation.getPropertyPath() + ": " + violation.getMessage())
			.sorted()
			.toList();
	}

}
