package io.mmate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a message type on the wire when it differs from the simple class name, for example to match a Go or .NET
 * service's type name. The name is the contract between services: renaming a class without this annotation changes
 * it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MessageType {

	/**
	 * The type name written to {@code type} and {@code x-message-type}.
	 * @return the type name
	 */
	String value();

}
