package io.mmate.sample.order;

import java.util.List;

import io.mmate.ErrorReplyException;
import io.mmate.PublishException;
import io.mmate.RequestTimeoutException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers the REST API's requests that are invalid (400, naming the fields) or whose command or query did not get a
 * good reply, with a problem detail whose status says who is at fault: the request (400), the order (404), the order
 * service (502, 504) or the broker (503).
 */
@RestControllerAdvice(assignableTypes = OrderController.class)
public class OrderApiExceptionHandler {

	private static final String VALIDATION_FAILED = "VALIDATION_FAILED";

	@ExceptionHandler(MethodArgumentNotValidException.class)
	ProblemDetail invalidRequest(MethodArgumentNotValidException ex) {
		List<String> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> error.getField() + ": " + error.getDefaultMessage())
			.sorted()
			.toList();
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid order", String.join("; ", errors), null);
		problem.setProperty("errors", errors);
		return problem;
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ProblemDetail unreadableRequest(HttpMessageNotReadableException ex) {
		// Jackson's message may quote the request at length; the client knows what it sent.
		return problem(HttpStatus.BAD_REQUEST, "Unreadable order", "The body is not an order in JSON", null);
	}

	@ExceptionHandler(ErrorReplyException.class)
	ProblemDetail errorReply(ErrorReplyException ex) {
		if (OrderHandlers.ORDER_NOT_FOUND.equals(ex.getErrorCode())) {
			return problem(HttpStatus.NOT_FOUND, "Order not found", ex.getErrorMessage(), ex.getErrorCode());
		}
		if (VALIDATION_FAILED.equals(ex.getErrorCode())) {
			return problem(HttpStatus.BAD_REQUEST, "Invalid order", ex.getErrorMessage(), ex.getErrorCode());
		}
		// The order service answered, but with a failure (HANDLER_FAILED, say): it is the upstream that failed.
		return problem(HttpStatus.BAD_GATEWAY, "The order service could not handle the request", ex.getMessage(),
				ex.getErrorCode());
	}

	@ExceptionHandler(RequestTimeoutException.class)
	ProblemDetail timedOut(RequestTimeoutException ex) {
		return problem(HttpStatus.GATEWAY_TIMEOUT, "The order service did not answer in time", ex.getMessage(), null);
	}

	@ExceptionHandler(PublishException.class)
	ProblemDetail publishFailed(PublishException ex) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "The request could not be handed to the broker",
				ex.getMessage(), null);
	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail, String errorCode) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		if (errorCode != null) {
			problem.setProperty("errorCode", errorCode);
		}
		return problem;
	}

}
