package io.mmate.autoconfigure.diagnostics;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Checks that run before the starter's other auto-configurations decide anything, so that a set-up they would back
 * off from fails with a message instead: more than one {@link ConnectionFactory} and none primary.
 */
@AutoConfiguration
@ConditionalOnClass(ConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "mmate.enabled", matchIfMissing = true)
public final class MmateDiagnosticsAutoConfiguration {

	// Static: a bean factory post-processor is created before the configuration class itself could be.
	@Bean
	static SingleConnectionFactoryCheck mmateSingleConnectionFactoryCheck() {
		return new SingleConnectionFactoryCheck();
	}

}
