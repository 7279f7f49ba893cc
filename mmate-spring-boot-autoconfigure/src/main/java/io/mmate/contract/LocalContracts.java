package io.mmate.contract;

import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.mmate.Message;
import io.mmate.MessageKind;
import io.mmate.Reply;
import io.mmate.dispatch.HandlerDefinition;
import io.mmate.dispatch.HandlerRegistry;
import io.mmate.envelope.TypeRegistry;
import io.mmate.retry.RetryPolicies;
import io.mmate.retry.RetryPolicySettings;
import io.mmate.schema.JsonSchemaGenerator;
import io.mmate.topology.ServiceQueues;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The endpoint contracts of this service's handlers, one per handled message type, as Mmate's Go discovery describes
 * its handlers: endpoint id {@code {service}.{Type}}, version {@value #VERSION}, the service queue, the input type
 * and the reply type, with the JSON Schemas of both.
 *
 * <p>The reply type is the handler's declared return type when that is a concrete {@link Reply} class. A handler
 * that returns {@code void} answers nothing: {@value #NONE}, Go's name for no output. A handler declared to return
 * {@link Reply} (or registered in code) may answer with any reply, so its reply type is named as Go names the reply of
 * a command or query ({@code PlaceOrderCommand} gives {@code PlaceOrderReply}, {@code GetOrderQuery} gives
 * {@code OrderReply}), and is {@value #NONE} for an event.
 */
public final class LocalContracts {

	/** The version every contract states, as Go's do. */
	public static final String VERSION = "1.0.0";

	/** The output type of a handler without a reply, as Go names it. */
	public static final String NONE = "None";

	private final String serviceName;

	private final HandlerRegistry handlers;

	private final TypeRegistry types;

	private final RetryPolicies retry;

	private final Duration timeout;

	private final JsonSchemaGenerator schemas = new JsonSchemaGenerator();

	/**
	 * Create the contracts of a service.
	 * @param serviceName the service name
	 * @param handlers its handlers
	 * @param types the type registry, which names reply classes
	 * @param retry the retry policies, which give each contract's {@code maxRetries}
	 * @param timeout the timeout each contract states
	 */
	public LocalContracts(String serviceName, HandlerRegistry handlers, TypeRegistry types, RetryPolicies retry,
			Duration timeout) {
		this.serviceName = serviceName;
		this.handlers = handlers;
		this.types = types;
		this.retry = retry;
		this.timeout = timeout;
	}

	/**
	 * The contracts of every handler registered now.
	 * @param registeredAt the time they are registered at
	 * @return the contracts, in handler registration order
	 */
	public List<EndpointContract> create(Instant registeredAt) {
		List<EndpointContract> contracts = new ArrayList<>();
		for (HandlerDefinition handler : this.handlers.all()) {
			contracts.add(contract(handler, registeredAt));
		}
		return contracts;
	}

	private EndpointContract contract(HandlerDefinition handler, Instant registeredAt) {
		String type = handler.typeName();
		Class<?> reply = concreteReply(handler.returnType());
		String outputType = (reply != null) ? this.types.nameOf(reply) : outputTypeByName(handler);
		return new EndpointContract(this.serviceName + "." + type, VERSION, this.serviceName,
				type + " handled by " + this.serviceName, ServiceQueues.queueName(this.serviceName), type, outputType,
				schema(handler.payloadType(), type), (reply != null) ? schema(reply, outputType) : null,
				GoDurations.format(this.timeout), maxRetries(handler), registeredAt, registeredAt, null);
	}

	private static Class<?> concreteReply(Class<?> replyType) {
		boolean concrete = replyType != null && Reply.class.isAssignableFrom(replyType) && !replyType.isInterface()
				&& !Modifier.isAbstract(replyType.getModifiers());
		return concrete ? replyType : null;
	}

	private static String outputTypeByName(HandlerDefinition handler) {
		if (handler.returnType() == void.class || handler.returnType() == Void.class) {
			return NONE;
		}
		String type = handler.typeName();
		if (handler.kind() == MessageKind.COMMAND && type.length() > "Command".length() && type.endsWith("Command")) {
			String base = type.substring(0, type.length() - "Command".length());
			boolean process = base.startsWith("Process") && base.length() > "Process".length();
			return process ? base.substring("Process".length()) + "ProcessedReply" : base + "Reply";
		}
		if (handler.kind() == MessageKind.QUERY && type.length() > "Query".length() && type.endsWith("Query")) {
			String base = type.substring(0, type.length() - "Query".length());
			return (base.startsWith("Get") && base.length() > "Get".length()) ? base.substring("Get".length()) + "Reply"
					: base + "Reply";
		}
		return NONE;
	}

	@SuppressWarnings("unchecked")
	private ObjectNode schema(Class<?> type, String typeName) {
		if (!Message.class.isAssignableFrom(type)) {
			return null;
		}
		ObjectNode schema = JsonNodeFactory.instance.objectNode().put("$schema", JsonSchemaGenerator.DRAFT_07);
		schema.setAll(this.schemas.payloadSchema((Class<? extends Message>) type, typeName));
		return schema;
	}

	// Queries and handlers outside the service queue are retried in process only; the others through the broker too.
	private int maxRetries(HandlerDefinition handler) {
		RetryPolicySettings policy = this.retry.forType(handler.typeName());
		if (handler.kind() == MessageKind.QUERY || handler.delivery() != HandlerDefinition.Delivery.SERVICE_QUEUE) {
			policy = policy.withoutRedeliveries();
		}
		return policy.totalAttempts() - 1;
	}

}
