package io.mmate.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
			.filter((process) -> !isClusterNode(process))
			.findFirst();
	}

	// The nodes of the local cluster (scripts/rabbitmq.sh cluster up) run beside the standalone broker, each with its
	// node name in its environment; the standalone broker has none there.
	private static boolean isClusterNode(ProcessHandle process) {
		try {
			String environment = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "environ"),
					StandardCharsets.ISO_8859_1);
			return environment.contains("RABBITMQ_NODENAME=mmate-");
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
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
		double clientMicrosPerMessage(Reading earlier, long messages) {
			return (this.clientNanos - earlier.clientNanos) / 1e3 / messages;
		}

		/**
		 * Microseconds of broker CPU per message since an earlier reading, or a negative number when unknown.
		 * @param earlier the earlier reading
		 * @param messages the messages in between
		 * @return the microseconds
		 */
		double brokerMicrosPerMessage(Reading earlier, long messages) {
			return (this.brokerNanos < 0 || earlier.brokerNanos < 0) ? -1
					: (this.brokerNanos - earlier.brokerNanos) / 1e3 / messages;
		}

	}

}
