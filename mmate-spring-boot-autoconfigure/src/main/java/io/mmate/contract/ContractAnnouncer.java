package io.mmate.contract;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import io.mmate.PublishReceipt;
import io.mmate.envelope.EncodedMessage;
import io.mmate.publish.PublishSink;
import io.mmate.topology.Exchanges;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Announces this service's endpoint contracts on {@code mmate.contracts} with the routing key
 * {@code contract.announce}, as Mmate's Go services do: once at start-up, then every interval, and as
 * {@code unregistered} when the application stops. Announcements are confirmed by the broker; a failure is logged
 * once, not on every tick, until an announcement succeeds again.
 */
public class ContractAnnouncer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ContractAnnouncer.class);

	// The unregistration holds up shutdown at most this long.
	private static final Duration UNREGISTER_WAIT = Duration.ofSeconds(5);

	private final PublishSink sink;

	private final AnnouncementCodec codec;

	private final LocalContracts local;

	private final Duration interval;

	private final Duration confirmTimeout;

	private final BooleanSupplier exchangeDeclared;

	private final Clock clock;

	private final int phase;

	private volatile List<EndpointContract> contracts;

	private volatile boolean failing;

	private volatile ScheduledExecutorService ticks;

	/**
	 * Create an announcer; nothing is published before {@link #start()}.
	 * @param sink the confirming publisher channel
	 * @param codec writes announcements
	 * @param local the contracts to announce, read at start
	 * @param interval how often to announce
	 * @param confirmTimeout how long the broker has to confirm an announcement
	 * @param exchangeDeclared whether {@code mmate.contracts} exists yet; until it does, ticks announce nothing
	 * @param clock the clock
	 * @param phase the lifecycle phase: after the consumers, so that announced endpoints are served
	 */
	public ContractAnnouncer(PublishSink sink, AnnouncementCodec codec, LocalContracts local, Duration interval,
			Duration confirmTimeout, BooleanSupplier exchangeDeclared, Clock clock, int phase) {
		this.sink = sink;
		this.codec = codec;
		this.local = local;
		this.interval = interval;
		this.confirmTimeout = confirmTimeout;
		this.exchangeDeclared = exchangeDeclared;
		this.clock = clock;
		this.phase = phase;
	}

	/**
	 * The contracts this instance announces, empty before start.
	 * @return the contracts
	 */
	public List<EndpointContract> contracts() {
		List<EndpointContract> announced = this.contracts;
		return (announced != null) ? announced : List.of();
	}

	@Override
	public synchronized void start() {
		this.contracts = List.copyOf(this.local.create(this.clock.instant()));
		if (this.contracts.isEmpty()) {
			return;
		}
		CustomizableThreadFactory threads = new CustomizableThreadFactory("mmate-contract-announcer-");
		threads.setDaemon(true);
		this.ticks = Executors.newSingleThreadScheduledExecutor(threads);
		this.ticks.scheduleWithFixedDelay(this::announce, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void announce() {
		if (this.exchangeDeclared.getAsBoolean()) {
			publish(ContractAnnouncement.REGISTERED).whenComplete((receipt, ex) -> report(ex));
		}
	}

	private CompletableFuture<PublishReceipt> publish(String action) {
		try {
			EncodedMessage message = this.codec.encode(new ContractAnnouncement(this.contracts, action),
					UUID.randomUUID().toString(), this.clock.instant());
			return this.sink.publish(Exchanges.CONTRACTS, ContractAnnouncement.ROUTING_KEY, false,
					message.properties(), message.body(), this.confirmTimeout);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private void report(Throwable failure) {
		if (failure == null && this.failing) {
			this.failing = false;
			logger.info("Contract announcements are confirmed again");
		}
		else if (failure != null && !this.failing) {
			this.failing = true;
			logger.warn("Could not announce this service's contracts; trying again every " + this.interval
					+ " and saying so once it works: " + failure.getMessage());
		}
	}

	@Override
	public synchronized void stop() {
		if (this.ticks == null) {
			return;
		}
		this.ticks.shutdownNow();
		this.ticks = null;
		if (this.exchangeDeclared.getAsBoolean()) {
			unregister();
		}
	}

	private void unregister() {
		try {
			publish(ContractAnnouncement.UNREGISTERED).get(UNREGISTER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("Could not unregister this service's contracts: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.ticks != null;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}
