package io.mmate.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;

/**
 * CPU time spent by this JVM (the client) and by the local broker's Erlang VM, read before and after a run, so that
 * each variant can be charged with the CPU it costs per message on both sides.
 */
final class CpuMeter {

	private final Optional<ProcessHandle> broker;

	CpuMeter() {
		this.broker = ProcessHandle.allProcesses()
			.filter((process) -> process.info().command().map((command) -> command.endsWith("beam.smp")).orElse(false))
			.findFirst();
	}

	/**
	 * Read both clocks now.
	 * @return the reading
	 */
	Reading read() {
		long client = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
		long broker = this.broker.flatMap((process) -> process.info().totalCpuDuration())
			.map(Duration::toNanos)
			.orElse(-1L);
		return new Reading(client, broker);
	}

	/**
	 * CPU times in nanoseconds; the broker's is negative when no local broker process could be read.
	 * @param clientNanos this JVM's
	 * @param brokerNanos the broker's
	 */
	record Reading(long clientNanos, long brokerNanos) {

		/**
		 * Microseconds of client CPU per message since an earlier reading.
		 * @param earlier the earlier reading
		 * @param messages the messages in between
		 * @return the microseconds
		 */
		double clientMicrosPerMessage(Reading earlier, int messages) {
			return (this.clientNanos - earlier.clientNanos) / 1e3 / messages;
		}

		/**
		 * Microseconds of broker CPU per message since an earlier reading, or a negative number when unknown.
		 * @param earlier the earlier reading
		 * @param messages the messages in between
		 * @return the microseconds
		 */
		double brokerMicrosPerMessage(Reading earlier, int messages) {
			return (this.brokerNanos < 0 || earlier.brokerNanos < 0) ? -1
					: (this.brokerNanos - earlier.brokerNanos) / 1e3 / messages;
		}

	}

}
