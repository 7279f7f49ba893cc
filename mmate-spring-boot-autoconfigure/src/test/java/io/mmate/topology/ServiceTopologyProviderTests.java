package io.mmate.topology;

import io.mmate.MessageKind;
import io.mmate.dispatch.HandlerRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ServiceTopologyProvider}.
 */
class ServiceTopologyProviderTests {

	@Test
	void buildsOnFirstUseWithTheHandlersRegisteredByThenAndKeepsTheTopology() {
		HandlerRegistry handlers = new HandlerRegistry();
		ServiceTopologyProvider provider = new ServiceTopologyProvider(TestSettings.service("svc").build(), handlers);
		handlers.register(TestSettings.handler("Ping", MessageKind.COMMAND));
		ServiceTopology topology = provider.get();
		assertThat(topology.serviceQueue().bindings()).containsExactly(
				new BindingSpec("mmate.commands", "cmd.svc.Ping"), new BindingSpec("mmate.messages", "cmd.svc.Ping"));
		assertThat(provider.get()).isSameAs(topology);
	}

}
