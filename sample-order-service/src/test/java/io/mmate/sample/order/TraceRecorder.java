package io.mmate.sample.order;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import io.mmate.MessageContext;
import io.mmate.MessageInterceptor;
import io.mmate.metrics.PublishContext;
import org.slf4j.MDC;

/**
 * Records what tracing sees in the running sample: the trace id of every Mmate observation (publish, handle and
 * request), with the {@code traceparent} header that a publish put into its message, and the logging MDC that each
 * handler ran with. Every integration test imports it, so that they all share one application context, and so one
 * consumer of {@code order-service-queue} whose meters and traces the tests can read.
 */
public class TraceRecorder implements ObservationHandler<Observation.Context>, MessageInterceptor {

	private final List<Observed> observed = new CopyOnWriteArrayList<>();

	private final List<Handled> handled = new CopyOnWriteArrayList<>();

	@Override
	public boolean supportsContext(Observation.Context context) {
		// Publish and handle observations get their name from their convention only when they start, after this.
		return true;
	}

	@Override
	public void onStop(Observation.Context context) {
		if (context.getName() == null || !context.getName().startsWith("mmate.")) {
			return;
		}
		TracingContext tracing = context.get(TracingContext.class);
		Span span = (tracing != null) ? tracing.getSpan() : null;
		Object traceparent = (context instanceof PublishContext publish) ? publish.getCarrier().get("traceparent")
				: null;
		this.observed.add(new Observed(context.getName(), context.getContextualName(),
				(span != null) ? span.context().traceId() : null,
				(traceparent != null) ? traceparent.toString() : null));
	}

	@Override
	public Object intercept(Object message, MessageContext context, Chain chain) throws Exception {
		// Interceptors run on the handler's thread, inside the MDC and observation scope the handler runs in.
		this.handled.add(new Handled(message, context.messageId(), MDC.get("traceId"), MDC.get("mmate.messageId")));
		return chain.proceed(message);
	}

	/**
	 * The Mmate observations of one trace that have stopped, oldest first.
	 * @param traceId the trace id
	 * @return the observations
	 */
	List<Observed> observationsOf(String traceId) {
		return this.observed.stream().filter((candidate) -> traceId.equals(candidate.traceId())).toList();
	}

	/**
	 * The messages handled so far, oldest first.
	 * @return the handled messages
	 */
	List<Handled> handled() {
		return List.copyOf(this.handled);
	}

	/**
	 * A stopped observation.
	 *
	 * @param name the observation name, such as {@code mmate.messages.published}
	 * @param contextualName the span name, such as {@code publish PlaceOrderReply}
	 * @param traceId the trace id of its span
	 * @param traceparent the W3C trace context a publish sent with its message, {@code null} for other observations
	 */
	record Observed(String name, String contextualName, String traceId, String traceparent) {

	}

	/**
	 * A message as its handler was called.
	 *
	 * @param message the message
	 * @param messageId its message id
	 * @param mdcTraceId the trace id in the logging MDC
	 * @param mdcMessageId the message id in the logging MDC
	 */
	record Handled(Object message, String messageId, String mdcTraceId, String mdcMessageId) {

	}

}
