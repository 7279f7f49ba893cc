package io.mmate.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * Put the {@link MmateTestHarness} in place of the broker in a Spring Boot test, typically beside
 * {@code @SpringBootTest}: the application's {@link io.mmate.MessagePublisher}, {@link io.mmate.MessageRequester}
 * and {@link io.mmate.MessageScheduler} are the harness's, Mmate's own auto-configuration stays on (so handlers,
 * interceptors, validation and retry policies are the application's real ones), and no listener container starts, no
 * topology is declared and no connection is opened ({@link MmateTestProperties}). The harness is a bean to inject,
 * and is {@linkplain MmateTestHarness#reset() reset} before each test.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration(MmateTestHarnessAutoConfiguration.class)
@TestPropertySource(properties = { MmateTestProperties.NO_LISTENERS, MmateTestProperties.NO_TOPOLOGY,
		MmateTestProperties.NO_SCHEDULING_RELAY, MmateTestProperties.NO_CONTRACTS })
@ExtendWith(MmateTestExtension.class)
public @interface MmateTest {

}
