package io.mmate.benchmarks;

/**
 * The measured part of one run: a variant starts it after its set-up (contexts, connections, queues) and stops it
 * when the last message is through, so that neither the rate nor the CPU per message includes the set-up.
 */
final class Measurement {

	private final CpuMeter cpu;

	private long startNanos;

	private long stopNanos;

	private CpuMeter.Reading start;

	private CpuMeter.Reading stop;

	private long messages = -1;

	Measurement(CpuMeter cpu) {
		this.cpu = cpu;
	}

	/**
	 * Start the clocks.
	 */
	void start() {
		this.start = this.cpu.read();
		this.startNanos = System.nanoTime();
	}

	/**
	 * Stop the clocks.
	 */
	void stop() {
		this.stopNanos = System.nanoTime();
		this.stop = this.cpu.read();
	}

	/**
	 * Stop the clocks, with the messages that went through since the start.
	 * @param messages the messages
	 */
	void stop(long messages) {
		stop();
		this.messages = messages;
	}

	/**
	 * The messages that went through between start and stop, as given to {@link #stop(long)}.
	 * @return the messages
	 */
	long messages() {
		if (this.messages < 0) {
			throw new IllegalStateException("The measurement was stopped without its message count");
		}
		return this.messages;
	}

	/**
	 * Messages per second between start and stop.
	 * @param messages the messages
	 * @return the rate
	 */
	double rate(int messages) {
		return messages / ((this.stopNanos - this.startNanos) / 1e9);
	}

	/**
	 * This JVM's CPU per message between start and stop.
	 * @param messages the messages
	 * @return microseconds per message
	 */
	double clientMicrosPerMessage(long messages) {
		return this.stop.clientMicrosPerMessage(this.start, messages);
	}

	/**
	 * The broker's CPU per message between start and stop.
	 * @param messages the messages
	 * @return microseconds per message, negative when unknown
	 */
	double brokerMicrosPerMessage(long messages) {
		return this.stop.brokerMicrosPerMessage(this.start, messages);
	}

}
