package io.mmate.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.mmate.PublishReceipt;
import io.mmate.dispatch.Outcome;
import io.mmate.envelope.InboundEnvelope;
import tools.jackson.databind.json.JsonMapper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.amqp.core.Message;

/**
 * JMH benchmarks of the work done in process for one message of a service: the same delivery of a
 * {@link StockReservedEvent} (a {@value StockReservedEvent#PAYLOAD_BYTES}-byte payload in the Mmate envelope) is
 * decoded, dispatched and handled again and again on one thread; and the same event is encoded for publishing.
 * Each benchmark stops where the broker would take over: the acknowledgement goes to a channel that only counts it,
 * the published bytes to a sink that confirms at once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InProcessOperations {

	private final AckCountingChannel channel = new AckCountingChannel();

	private final StockReservedEvent event = StockReservedEvent.sample();

	private InProcessRuntime runtime;

	private Message delivery;

	private String queue;

	private final JsonMapper plainMapper = JsonMapper.builder().build();

	private byte[] payload;

	@Setup(Level.Trial)
	public void start() throws Exception {
		this.runtime = InProcessRuntime.start();
		this.delivery = this.runtime.sample();
		this.queue = this.runtime.queue();
		this.payload = decode().payload().toString().getBytes(StandardCharsets.UTF_8);
		check();
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.runtime.close();
	}

	/**
	 * The envelope codec alone: the body parsed, the headers merged, the metadata resolved.
	 * @return the envelope
	 */
	@Benchmark
	public InboundEnvelope decode() {
		return this.runtime.codec().decode(this.delivery);
	}

	/**
	 * Decoding, then the dispatcher: the handler found, the payload bound, the interceptors and the handler called.
	 * @return the outcome
	 */
	@Benchmark
	public Outcome decodeAndDispatch() {
		return this.runtime.dispatcher().dispatch(this.runtime.codec().decode(this.delivery), this.queue, false);
	}

	/**
	 * What the listener container calls for each delivery: observation, decoding, circuit breaker, logging context,
	 * dispatch and the acknowledgement.
	 * @throws Exception never, unless the listener lets a failure escape
	 */
	@Benchmark
	public void onMessage() throws Exception {
		this.runtime.listener().onMessage(this.delivery, this.channel.channel());
	}

	/**
	 * Publishing an event up to the channel: routing, the envelope and body encoded, the AMQP properties converted.
	 * @return the (completed) confirm
	 */
	@Benchmark
	public CompletableFuture<PublishReceipt> publishEvent() {
		return this.runtime.publisher().publishEvent(this.event);
	}

	/**
	 * The payload alone, the baseline of what the others spend beyond it: a plain {@link JsonMapper} reading the
	 * payload's bytes into the event, as any JSON consumer would.
	 * @return the event
	 */
	@Benchmark
	public StockReservedEvent payloadAlone() {
		return this.plainMapper.readValue(this.payload, StockReservedEvent.class);
	}

	// The benchmarks must measure the path that handles the message, not one that rejects it.
	private void check() throws Exception {
		int payload = decode().payload().toString().length();
		if (payload != StockReservedEvent.PAYLOAD_BYTES) {
			throw new IllegalStateException("The sample's payload has " + payload + " bytes, not "
					+ StockReservedEvent.PAYLOAD_BYTES);
		}
		if (!(decodeAndDispatch() instanceof Outcome.Handled)) {
			throw new IllegalStateException("The sample was not handled: " + decodeAndDispatch());
		}
		int handled = this.runtime.handlers().handled();
		long acks = this.channel.acks();
		onMessage();
		if (this.runtime.handlers().handled() == handled || this.channel.acks() != acks + 1) {
			throw new IllegalStateException("The listener did not handle and acknowledge the sample");
		}
	}

}
