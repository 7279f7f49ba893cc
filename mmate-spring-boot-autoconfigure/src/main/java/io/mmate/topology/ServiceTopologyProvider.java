package io.mmate.topology;

import java.util.function.Supplier;

import io.mmate.dispatch.HandlerRegistry;

import org.springframework.util.function.SingletonSupplier;

/**
 * The service's {@link ServiceTopology}, built on first use and kept. Handlers are collected once every singleton
 * exists, so the topology must not be asked for while beans are being created; from the start of the application
 * on (declaring, consuming, health checks, the management endpoint) every handler is known.
 */
public final class ServiceTopologyProvider implements Supplier<ServiceTopology> {

	private final SingletonSupplier<ServiceTopology> topology;

	/**
	 * Create the provider; nothing is built before {@link #get()}.
	 * @param settings the settings
	 * @param handlers the handlers, complete by the first {@link #get()}
	 */
	public ServiceTopologyProvider(TopologySettings settings, HandlerRegistry handlers) {
		this.topology = SingletonSupplier.of(() -> TopologyFactory.create(settings, handlers.all()));
	}

	/**
	 * The topology, built on the first call.
	 * @return the topology
	 */
	@Override
	public ServiceTopology get() {
		return this.topology.obtain();
	}

}
