package io.mmate.autoconfigure.endpoint;

import io.mmate.asyncapi.AsyncApiGenerator;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code mmateasyncapi} actuator endpoint, read-only: the AsyncAPI 3.0 document of the service, generated from its
 * handlers and the message types it sends, for tools that render or check AsyncAPI. Over HTTP,
 * {@code GET /actuator/mmateasyncapi} once exposed, for example with
 * {@code management.endpoints.web.exposure.include=health,mmateasyncapi}.
 */
@Endpoint(id = MmateAsyncApiEndpoint.ID, defaultAccess = Access.READ_ONLY)
public class MmateAsyncApiEndpoint {

	/** The endpoint id. */
	public static final String ID = "mmateasyncapi";

	private final AsyncApiGenerator generator;

	/**
	 * Create the endpoint.
	 * @param generator the document generator
	 */
	public MmateAsyncApiEndpoint(AsyncApiGenerator generator) {
		this.generator = generator;
	}

	/**
	 * The document as it stands now: handlers registered late and message types sent since start-up are in it.
	 * @return the AsyncAPI document
	 */
	@ReadOperation
	public JsonNode document() {
		return this.generator.generate();
	}

}
