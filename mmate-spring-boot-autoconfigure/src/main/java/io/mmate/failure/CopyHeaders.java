package io.mmate.failure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.mmate.envelope.BoundedText;
import io.mmate.envelope.WireHeaders;
import io.mmate.publish.FieldTables;

/**
 * Keeps the headers of a failed message's copy publishable, so that the copy is sent once instead of failing, and
 * its original being delivered again, without end. A header that AMQP cannot carry is dropped; and while the headers
 * take more than their budget, the largest of the original message's headers are dropped too. The copy names what
 * was dropped in {@link DeadLetterHeaders#DROPPED_HEADERS}. The headers that count and explain the failure stay: they
 * are bounded where they are written.
 */
final class CopyHeaders {

	private static final Set<String> KEPT = Set.of(DeadLetterHeaders.REASON, DeadLetterHeaders.DESCRIPTION,
			DeadLetterHeaders.ORIGINAL_QUEUE, DeadLetterHeaders.SERVICE, DeadLetterHeaders.EXCEPTION_TYPE,
			DeadLetterHeaders.EXCEPTION_MESSAGE, DeadLetterHeaders.STACK_TRACE, DeadLetterHeaders.ATTEMPTS,
			DeadLetterHeaders.LAST_FAILURE, DeadLetterHeaders.REDELIVERIES, DeadLetterHeaders.DELIVERIES,
			WireHeaders.DELAY);

	private CopyHeaders() {
	}

	/**
	 * Drop what does not fit.
	 * @param headers the copy's headers, changed in place
	 * @param budget the most bytes the encoded headers may take
	 */
	static void fit(Map<String, Object> headers, long budget) {
		List<String> dropped = new ArrayList<>();
		Map<String, Long> droppable = new LinkedHashMap<>();
		long total = 0;
		for (Map.Entry<String, Object> header : List.copyOf(headers.entrySet())) {
			long size = FieldTables.size(header.getKey(), header.getValue());
			if (size == FieldTables.UNSENDABLE) {
				dropped.add(BoundedText.of(header.getKey(), 100) + " ("
						+ FieldTables.whyUnsendable(header.getKey(), header.getValue()) + ")");
				headers.remove(header.getKey());
				continue;
			}
			total += size;
			if (!KEPT.contains(header.getKey())) {
				droppable.put(header.getKey(), size);
			}
		}
		List<Map.Entry<String, Long>> largestFirst = new ArrayList<>(droppable.entrySet());
		largestFirst.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
		for (Map.Entry<String, Long> header : largestFirst) {
			if (total <= budget) {
				break;
			}
			headers.remove(header.getKey());
			total -= header.getValue();
			dropped.add(header.getKey() + " (" + header.getValue() + " bytes)");
		}
		if (!dropped.isEmpty()) {
			headers.put(DeadLetterHeaders.DROPPED_HEADERS, BoundedText.of(String.join(", ", dropped)));
		}
	}

}
