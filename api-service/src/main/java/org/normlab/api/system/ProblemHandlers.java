package org.normlab.api.system;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.normlab.api.auth.TokenNotFoundException;
import org.normlab.api.dataset.DatasetExistsException;
import org.normlab.api.dataset.DatasetNotFoundException;
import org.normlab.api.experiment.ExperimentNotFoundException;
import org.normlab.api.experiment.IdempotencyKeyReusedException;
import org.normlab.api.experiment.PriorityNotAllowedException;
import org.normlab.api.experiment.RunStateConflictException;
import org.normlab.api.recipe.UnknownRecipeException;
import org.normlab.api.suite.LaunchNotFoundException;
import org.normlab.api.suite.SuiteNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error of the REST API as RFC 9457 {@code application/problem+json}, with a stable {@code code}
 * and, for bad input, an {@code errors} list naming each field and its allowed values.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemHandlers {

  static final String TYPE_BASE = "https://normlab.org/problems/";
  private static final Logger log = LoggerFactory.getLogger(ProblemHandlers.class);

  @ExceptionHandler(InvalidRequestException.class)
  ProblemDetail invalid(InvalidRequestException e) {
    return invalidRequest(e.violations());
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ProblemDetail unreadable(HttpMessageNotReadableException e) {
    Throwable cause = e.getMostSpecificCause();
    if (cause instanceof BodyTooLargeException tooLarge) {
      return tooLarge(tooLarge);
    }
    return invalidRequest(List.of(violationOf(cause)));
  }

  @ExceptionHandler(BodyTooLargeException.class)
  ProblemDetail tooLarge(BodyTooLargeException e) {
    ProblemDetail problem = problem(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large",
        e.getMessage());
    problem.setProperty("maxBytes", e.maxBytes());
    return problem;
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
    Class<?> type = e.getRequiredType();
    List<String> allowed = type != null && type.isEnum()
        ? Arrays.stream(type.getEnumConstants()).map(Object::toString).toList()
        : null;
    String expected = type == null ? "value" : type.getSimpleName();
    return invalidRequest(List.of(new FieldViolation(e.getName(), "must be a " + expected, e.getValue(), allowed)));
  }

  @ExceptionHandler(RunStateConflictException.class)
  ProblemDetail stateConflict(RunStateConflictException e) {
    ProblemDetail problem = problem(HttpStatus.CONFLICT, "invalid-state", "Not allowed in this state", e.getMessage());
    problem.setProperty("status", e.status());
    problem.setProperty("allowedFrom", e.allowed());
    return problem;
  }

  /** A 403, not a 400: the request is well-formed, this caller may not ask for that priority. */
  @ExceptionHandler(PriorityNotAllowedException.class)
  ProblemDetail priorityNotAllowed(PriorityNotAllowedException e) {
    ProblemDetail problem = problem(HttpStatus.FORBIDDEN, "priority-not-allowed", "Priority not allowed",
        e.getMessage());
    problem.setProperty("field", "priority");
    problem.setProperty("rejected", e.requested());
    problem.setProperty("allowed", e.allowed());
    return problem;
  }

  @ExceptionHandler(IdempotencyKeyReusedException.class)
  ProblemDetail keyReused(IdempotencyKeyReusedException e) {
    return problem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency-Key reused",
        e.getMessage());
  }

  @ExceptionHandler(OptimisticLockingFailureException.class)
  ProblemDetail concurrentChange(OptimisticLockingFailureException e) {
    return problem(HttpStatus.CONFLICT, "concurrent-change", "Changed concurrently",
        "The run changed while this request was processed; retry it");
  }

  /**
   * The database is unreachable or went away mid-request (a restart, a failover): nothing is wrong
   * with the request, so the client is told to retry, not that it failed. (If the connection died
   * during the commit, the outcome is unknown: the Idempotency-Key is what makes the retry safe.)
   * Any other data-access failure is a 500 problem, logged.
   */
  @ExceptionHandler({DataAccessException.class, TransactionException.class})
  ResponseEntity<ProblemDetail> dataAccessFailure(Exception e) {
    if (DatabaseOutage.isCause(e)) {
      ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Database unavailable",
          "The database is unreachable. Retry the request; with the same Idempotency-Key a retry never creates twice.");
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "2").body(problem);
    }
    log.error("Data access failed", e);
    return ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
        "Internal error", "The request failed on the server; see its log"));
  }

  @ExceptionHandler({ExperimentNotFoundException.class, SuiteNotFoundException.class, LaunchNotFoundException.class,
      TokenNotFoundException.class, DatasetNotFoundException.class})
  ProblemDetail notFound(RuntimeException e) {
    return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
  }

  @ExceptionHandler(DatasetExistsException.class)
  ProblemDetail datasetExists(DatasetExistsException e) {
    ProblemDetail problem = problem(HttpStatus.CONFLICT, "dataset-exists", "Dataset exists", e.getMessage());
    problem.setProperty("existing", e.existing());
    return problem;
  }

  @ExceptionHandler(UnknownRecipeException.class)
  ProblemDetail unknownRecipe(UnknownRecipeException e) {
    ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    problem.setProperty("allowed", e.known());
    return problem;
  }

  private static ProblemDetail invalidRequest(List<FieldViolation> violations) {
    String fields = violations.stream().map(FieldViolation::field).collect(Collectors.joining(", "));
    ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
        "Invalid field(s): " + fields);
    problem.setProperty("errors", violations);
    return problem;
  }

  private static ProblemDetail problem(HttpStatus status, String code, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPE_BASE + code));
    problem.setTitle(title);
    problem.setProperty("code", code);
    return problem;
  }

  /** Names the JSON field a binding error is about, e.g. {@code optimizer.lr}. */
  private static FieldViolation violationOf(Throwable cause) {
    if (cause instanceof UnrecognizedPropertyException unknown) {
      List<String> known = unknown.getKnownPropertyIds() == null ? null
          : unknown.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
      return new FieldViolation(path(unknown), "is not a known field", unknown.getPropertyName(), known);
    }
    if (cause instanceof InvalidFormatException format) {
      return FieldViolation.of(path(format), "must be a " + simpleType(format.getTargetType()), format.getValue());
    }
    if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      return FieldViolation.of(path(mismatch), "must be a " + simpleType(mismatch.getTargetType()), null);
    }
    if (cause instanceof StreamReadException || cause instanceof JacksonException) {
      return FieldViolation.of("body", "is not valid JSON: " + ((JacksonException) cause).getOriginalMessage(), null);
    }
    return FieldViolation.of("body", "is required and must be a JSON object", null);
  }

  private static String path(JacksonException e) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "body" : path.toString();
  }

  private static String simpleType(Class<?> type) {
    if (type == null) {
      return "value of the right type";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "whole number";
    }
    if (type == Double.class || type == double.class) {
      return "number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "boolean";
    }
    if (type == String.class) {
      return "string";
    }
    if (List.class.isAssignableFrom(type)) {
      return "list";
    }
    return "JSON object";
  }
}
