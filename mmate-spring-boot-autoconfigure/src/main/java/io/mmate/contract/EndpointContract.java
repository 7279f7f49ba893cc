package io.mmate.contract;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mmate.GoTime;
import tools.jackson.databind.JsonNode;

/**
 * A discoverable endpoint of a service, in the layout of Mmate's Go contract discovery: one per handler, naming the
 * message type it takes and the reply it gives, with their JSON Schemas.
 *
 * @param endpointId {@code {service}.{Type}}
 * @param version the contract version, {@code 1.0.0}
 * @param serviceName the service that handles it
 * @param description what it does
 * @param queue the queue its messages reach
 * @param inputType the type name of the message it handles
 * @param outputType the type name of its reply, or {@code None}
 * @param inputSchema the JSON Schema of the input payload, or {@code null}
 * @param outputSchema the JSON Schema of the reply payload, or {@code null}
 * @param timeout how long a caller should allow for an answer, as a Go duration such as {@code 30s}, or {@code null}
 * @param maxRetries how often a failed message is retried, 0 when not stated
 * @param createdAt when the contract was first registered
 * @param updatedAt when it last changed
 * @param ttl how long the contract is valid, as a Go duration, or {@code null}
 */
public record EndpointContract(String endpointId, String version, String serviceName, String description,
		String queue, String inputType, String outputType,
		@JsonInclude(JsonInclude.Include.NON_NULL) JsonNode inputSchema,
		@JsonInclude(JsonInclude.Include.NON_NULL) JsonNode outputSchema,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) String timeout,
		@JsonInclude(JsonInclude.Include.NON_DEFAULT) int maxRetries, @GoTime Instant createdAt,
		@GoTime Instant updatedAt, @JsonInclude(JsonInclude.Include.NON_EMPTY) String ttl) {

	/**
	 * A copy without the JSON Schemas.
	 * @return the copy
	 */
	public EndpointContract withoutSchemas() {
		return new EndpointContract(this.endpointId, this.version, this.serviceName, this.description, this.queue,
				this.inputType, this.outputType, null, null, this.timeout, this.maxRetries, this.createdAt,
				this.updatedAt, this.ttl);
	}

}
