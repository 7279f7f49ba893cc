package io.mmate.sample.order.fulfilment;

import java.net.URI;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

import io.mmate.sample.order.Order;
import io.mmate.sample.order.OrderRepository;
import io.mmate.sample.order.contracts.OrderLimits;
import io.mmate.stageflow.Workflow;
import io.mmate.stageflow.WorkflowRunner;
import io.mmate.stageflow.WorkflowRunner.Execution;
import io.mmate.stageflow.WorkflowStatus;
import io.mmate.stageflow.WorkflowStatusStore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Starts order fulfilments and shows how they are doing. A fulfilment runs on after the request has been answered,
 * stage after stage through the broker, so starting one answers {@code 202 Accepted} with the instance to ask about;
 * its status comes from the {@link WorkflowStatusStore}, which the engine keeps from the workflow's events.
 */
@RestController
@RequestMapping("/fulfilments")
@ConditionalOnBooleanProperty(name = { "mmate.enabled", "mmate.stageflow.enabled" }, matchIfMissing = true)
public class FulfilmentController {

	private static final Log logger = LogFactory.getLog(FulfilmentController.class);

	private final OrderRepository orders;

	private final WorkflowRunner runner;

	private final Workflow<FulfilmentState> workflow;

	private final WorkflowStatusStore statuses;

	public FulfilmentController(OrderRepository orders, WorkflowRunner runner, Workflow<FulfilmentState> workflow,
			WorkflowStatusStore statuses) {
		this.orders = orders;
		this.runner = runner;
		this.workflow = workflow;
		this.statuses = statuses;
	}

	/**
	 * Start fulfilling a placed order.
	 * @param request the order to fulfil
	 * @return {@code 202} with the instance id and its status link; {@code 404} for an unknown order, {@code 409} for
	 * one that has shipped already
	 */
	@PostMapping
	public ResponseEntity<FulfilmentStarted> start(@Valid @RequestBody FulfilmentRequest request) {
		Order order = this.orders.findById(request.orderId())
			.orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "Order not found",
					"No order with id '" + request.orderId() + "'"));
		if (!Order.PLACED.equals(order.status())) {
			throw problem(HttpStatus.CONFLICT, "Order not fulfillable",
					"Order '" + order.orderId() + "' is " + order.status() + "; only a placed order is fulfilled");
		}
		Execution<FulfilmentState> execution = this.runner.start(this.workflow, FulfilmentState.of(order));
		String instanceId = execution.instanceId();
		// The future completes when this process runs the last stage or the last compensation.
		execution.result().whenComplete((fulfilled, ex) -> {
			Throwable failure = (ex instanceof CompletionException) ? ex.getCause() : ex;
			logger.info((failure != null) ? failure.getMessage()
					: "Fulfilment " + instanceId + " shipped order " + order.orderId());
		});
		URI status = URI.create("/fulfilments/" + instanceId);
		return ResponseEntity.accepted()
			.location(status)
			.body(new FulfilmentStarted(instanceId, order.orderId(), status.toString()));
	}

	/**
	 * Show how a fulfilment is doing.
	 * @param instanceId the instance that {@link #start} answered
	 * @return its status: {@code running}, {@code completed}, {@code failed} or {@code compensated}, with the stages
	 * completed and the error; {@code 404} when the instance is unknown here
	 */
	@GetMapping("/{instanceId}")
	public WorkflowStatus status(@PathVariable String instanceId) {
		return this.statuses.find(instanceId)
			.orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "Fulfilment not found",
					"No fulfilment with instance id '" + instanceId + "'"));
	}

	@ExceptionHandler(ErrorResponseException.class)
	ResponseEntity<ProblemDetail> refused(ErrorResponseException ex) {
		return ResponseEntity.of(ex.getBody()).build();
	}

	@ExceptionHandler(MethodArgumentNotValidException.class)
	ResponseEntity<ProblemDetail> invalidRequest(MethodArgumentNotValidException ex) {
		String errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> error.getField() + ": " + error.getDefaultMessage())
			.sorted()
			.collect(Collectors.joining("; "));
		return refused(problem(HttpStatus.BAD_REQUEST, "Invalid fulfilment", errors));
	}

	private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return new ErrorResponseException(status, problem, null);
	}

	/**
	 * The body of {@code POST /fulfilments}.
	 *
	 * @param orderId the placed order to fulfil
	 */
	public record FulfilmentRequest(@NotBlank @Size(max = OrderLimits.MAX_TEXT) String orderId) {

	}

	/**
	 * The answer to {@code POST /fulfilments}: the fulfilment has started.
	 *
	 * @param instanceId the workflow instance, to ask about
	 * @param orderId the order being fulfilled
	 * @param statusUrl where its status is shown
	 */
	public record FulfilmentStarted(String instanceId, String orderId, String statusUrl) {

	}

}
