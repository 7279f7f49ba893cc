package io.mmate.autoconfigure.endpoint;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.mmate.autoconfigure.endpoint.MmateDescriptor.BrokerDescriptor;
import io.mmate.autoconfigure.endpoint.MmateDescriptor.ContractDescriptor;
import io.mmate.autoconfigure.endpoint.MmateDescriptor.HandlerDescriptor;
import io.mmate.autoconfigure.endpoint.MmateDescriptor.QueueDescriptor;
import io.mmate.autoconfigure.endpoint.MmateDescriptor.RetryDescriptor;
import io.mmate.contract.AnnouncedContract;
import io.mmate.delay.DelayMechanismSelector;
import io.mmate.dispatch.HandlerRegistry;
import io.mmate.retry.RetryPolicies;
import io.mmate.topology.Exchanges;
import io.mmate.topology.ServiceTopology;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code mmate} actuator endpoint, read-only: how this service takes part in Mmate messaging, for an operator who
 * wants to know what a running instance declares and handles without reading its configuration. Over HTTP,
 * {@code GET /actuator/mmate} once exposed, for example with
 * {@code management.endpoints.web.exposure.include=health,mmate}.
 */
@Endpoint(id = MmateEndpoint.ID, defaultAccess = Access.READ_ONLY)
public class MmateEndpoint {

	/** The endpoint id. */
	public static final String ID = "mmate";

	private final Supplier<ServiceTopology> topology;

	private final HandlerRegistry handlers;

	private final @Nullable RetryPolicies retry;

	private final DelayMechanismSelector delays;

	private final ConnectionFactory connectionFactory;

	private final Supplier<List<AnnouncedContract>> contracts;

	/**
	 * Create the endpoint.
	 * @param topology the service's topology, asked for on the first request, once every handler is registered
	 * @param handlers the handlers
	 * @param retry the retry policy, or {@code null} when the service consumes nothing
	 * @param delays the delay mechanism selector
	 * @param connectionFactory the application's connection factory, whose connection tells the broker version
	 */
	public MmateEndpoint(Supplier<ServiceTopology> topology, HandlerRegistry handlers, @Nullable RetryPolicies retry,
			DelayMechanismSelector delays, ConnectionFactory connectionFactory) {
		this(topology, handlers, retry, delays, connectionFactory, List::of);
	}

	/**
	 * Create the endpoint with the contracts other services announce.
	 * @param topology the service's topology, asked for on the first request, once every handler is registered
	 * @param handlers the handlers
	 * @param retry the retry policy, or {@code null} when the service consumes nothing
	 * @param delays the delay mechanism selector
	 * @param connectionFactory the application's connection factory, whose connection tells the broker version
	 * @param contracts the contracts other services announce, asked on every request
	 */
	public MmateEndpoint(Supplier<ServiceTopology> topology, HandlerRegistry handlers, @Nullable RetryPolicies retry,
			DelayMechanismSelector delays, ConnectionFactory connectionFactory,
			Supplier<List<AnnouncedContract>> contracts) {
		this.topology = topology;
		this.handlers = handlers;
		this.retry = retry;
		this.delays = delays;
		this.connectionFactory = connectionFactory;
		this.contracts = contracts;
	}

	/**
	 * Describe the service.
	 * @return the description
	 */
	@ReadOperation
	public MmateDescriptor describe() {
		BrokerDescriptor broker = broker();
		// Only with the broker reachable: a first selection probes it, and must not mistake an outage for a broker
		// without the plugin.
		String delayMechanism = (broker != null) ? this.delays.mechanism().name() : null;
		ServiceTopology topology = this.topology.get();
		return new MmateDescriptor(topology.serviceName(), Exchanges.ALL,
				Stream.ofNullable(topology.serviceQueue()).map(QueueDescriptor::of).toList(),
				this.handlers.all().stream().map(HandlerDescriptor::of).toList(),
				(this.retry != null) ? RetryDescriptor.of(this.retry) : null, delayMechanism, broker,
				this.contracts.get().stream().map(ContractDescriptor::of).toList());
	}

	private @Nullable BrokerDescriptor broker() {
		try {
			// The application's connection: the factory opens one only when it has none.
			Map<String, Object> server = this.connectionFactory.createConnection().getDelegate().getServerProperties();
			return new BrokerDescriptor(text(server.get("product")), text(server.get("version")));
		}
		catch (AmqpException ex) {
			return null;
		}
	}

	private static @Nullable String text(@Nullable Object value) {
		// The broker sends its properties as AMQP long strings, whose toString is the text.
		return (value != null) ? value.toString() : null;
	}

}
