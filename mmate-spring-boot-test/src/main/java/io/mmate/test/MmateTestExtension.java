package io.mmate.test;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Resets the {@link MmateTestHarness} of the test's application context before each test, so that no test sees what
 * another sent, scheduled or stubbed, although they share the cached context. Registered by {@link MmateTest}.
 */
public class MmateTestExtension implements BeforeEachCallback {

	@Override
	public void beforeEach(ExtensionContext context) {
		ApplicationContext applicationContext = SpringExtension.getApplicationContext(context);
		applicationContext.getBeanProvider(MmateTestHarness.class).ifAvailable(MmateTestHarness::reset);
	}

}
