package io.travya.platform.web;

import static io.travya.platform.web.ProblemResponses.problem;

import jakarta.validation.ConstraintViolationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Renders every refusal as RFC 9457 problem details with, where a field is at fault, an
 * {@code errors} list of {field, reason}. A request that cannot be read at all (a body that is not
 * JSON, a query string that cannot be decoded, a query parameter of the wrong type) gets 400; JSON that
 * can be read but is not what the API documents (a field of the wrong type or format, an unknown
 * field) and requests that break a rule get 422. What an answer quotes of the input is an
 * {@link Excerpt}; nothing is ever answered with a stack trace.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiErrors extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    /** A query string Tomcat cannot decode, a header the firewall refuses once a controller reads it. */
    @ExceptionHandler({InvalidParameterException.class, RequestRejectedException.class})
    ResponseEntity<ProblemDetail> refused(RuntimeException e) {
        ProblemDetail problem = RequestRefusals.problemFor(e);
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        var response = ResponseEntity.status(e.status());
        if (e.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            // what is unavailable (a read model being built, a replica catching up) is so briefly
            response.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return response.body(problem(e.status(), e.getMessage(), e.issues()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        boolean pathVariable =
                e.getParameter().hasParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class);
        if (pathVariable) {
            // an id that is not even well formed names nothing that exists
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(problem(HttpStatus.NOT_FOUND, "Not found", List.of()));
        }
        String reason = "must be " + describe(e.getRequiredType());
        return ResponseEntity.badRequest()
                .body(problem(
                        HttpStatus.BAD_REQUEST,
                        e.getName() + " " + reason,
                        List.of(new FieldIssue(e.getName(), reason))));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException e) {
        List<FieldIssue> issues = e.getConstraintViolations().stream()
                .map(v -> new FieldIssue(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return unprocessable(issues);
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> concurrentChange(OptimisticLockingFailureException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(problem(
                        HttpStatus.CONFLICT,
                        "Someone else changed this at the same time; read it again and retry",
                        List.of()));
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException e) {
        log.warn(
                "Refused by a database constraint: {}", e.getMostSpecificCause().getMessage());
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(problem(HttpStatus.CONFLICT, "The request conflicts with the current state", List.of()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        ProblemDetail refusal = RequestRefusals.problemFor(e);
        if (refusal != null) {
            return ResponseEntity.status(refusal.getStatus()).body(refusal);
        }
        if (StoreUnavailable.causes(e)) {
            log.warn("A store is out of reach, answered 503: {}", e.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, StoreUnavailable.RETRY_AFTER_SECONDS)
                    .body(problem(HttpStatus.SERVICE_UNAVAILABLE));
        }
        String incident = UUID.randomUUID().toString();
        log.error("Unexpected failure, incident {}", incident, e);
        ProblemDetail body = problem(HttpStatus.INTERNAL_SERVER_ERROR, "Unexpected failure", List.of());
        body.setProperty("incident", incident);
        return ResponseEntity.internalServerError().body(body);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldIssue> issues = new ArrayList<>();
        boolean malformed = false;
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            if (error.isBindingFailure()) {
                malformed = true;
                issues.add(new FieldIssue(snake(error.getField()), "is not a valid value"));
            } else {
                issues.add(new FieldIssue(snake(error.getField()), error.getDefaultMessage()));
            }
        }
        e.getBindingResult().getGlobalErrors().forEach(error -> issues.add(globalIssue(error)));
        HttpStatus answer = malformed ? HttpStatus.BAD_REQUEST : HttpStatus.UNPROCESSABLE_CONTENT;
        return ResponseEntity.status(answer).body(problem(answer, summary(issues), issues));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldIssue> issues = new ArrayList<>();
        for (ParameterValidationResult result : e.getParameterValidationResults()) {
            String name = requestName(result.getMethodParameter());
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                String field = error instanceof FieldError fieldError ? snake(fieldError.getField()) : name;
                issues.add(new FieldIssue(field, error.getDefaultMessage()));
            }
        }
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
                .body(problem(HttpStatus.UNPROCESSABLE_CONTENT, summary(issues), issues));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail refusal = RequestRefusals.problemFor(e);
        if (refusal != null) {
            return ResponseEntity.status(refusal.getStatus()).body(refusal);
        }
        Unreadable unreadable = readIssue(e);
        List<FieldIssue> issues = List.of(unreadable.issue());
        return ResponseEntity.status(unreadable.status()).body(problem(unreadable.status(), summary(issues), issues));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // every other Spring MVC refusal keeps its status and headers (Allow, Accept) but gets the same
        // fixed detail every time: Spring's own details quote the method, media type or path sent
        HttpStatus resolved = HttpStatus.valueOf(status.value());
        List<FieldIssue> issues = List.of();
        if (e instanceof MissingServletRequestParameterException missing) {
            issues = List.of(new FieldIssue(missing.getParameterName(), "is required"));
        } else if (e instanceof MissingRequestHeaderException missing) {
            issues = List.of(new FieldIssue(missing.getHeaderName(), "is required"));
        }
        ProblemDetail problem =
                issues.isEmpty() ? ProblemResponses.problem(resolved) : problem(resolved, summary(issues), issues);
        return ResponseEntity.status(status).headers(headers).body(problem);
    }

    /** A query parameter as the client wrote it ({@code start_date}), not as Java names it. */
    private static String requestName(MethodParameter parameter) {
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        if (param != null) {
            String name = param.name().isEmpty() ? param.value() : param.name();
            if (!name.isEmpty()) {
                return name;
            }
        }
        return snake(String.valueOf(parameter.getParameterName()));
    }

    private static ResponseEntity<ProblemDetail> unprocessable(List<FieldIssue> issues) {
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
                .body(problem(HttpStatus.UNPROCESSABLE_CONTENT, summary(issues), issues));
    }

    private record Unreadable(HttpStatus status, FieldIssue issue) {}

    /**
     * Why a body could not be turned into the request object: 400 if it is not JSON at all, 422 (with
     * the field, as the JSON names it) if it is JSON that the API does not take.
     */
    private static Unreadable readIssue(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof JacksonException)) {
            cause = cause.getCause();
        }
        if (!(cause instanceof JacksonException jackson)) {
            return new Unreadable(
                    HttpStatus.BAD_REQUEST,
                    e.getMessage() != null && e.getMessage().contains("Required request body is missing")
                            ? new FieldIssue("body", "is required")
                            : new FieldIssue("body", "is not valid JSON"));
        }
        String field = path(jackson);
        String named = field.isEmpty() ? "body" : field;
        if (jackson instanceof StreamConstraintsException) {
            return new Unreadable(
                    field.isEmpty() ? HttpStatus.BAD_REQUEST : HttpStatus.UNPROCESSABLE_CONTENT,
                    new FieldIssue(named, "is longer or nests deeper than this service reads"));
        }
        if (jackson instanceof InputCoercionException outOfRange) {
            // a number JSON can write but the field's type cannot hold, such as 2147483648 for an int
            return new Unreadable(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    new FieldIssue(named, "must be " + describe(outOfRange.getTargetType()) + " within its range"));
        }
        if (jackson instanceof StreamReadException || jackson instanceof JacksonIOException) {
            return new Unreadable(HttpStatus.BAD_REQUEST, new FieldIssue(named, "is not valid JSON"));
        }
        if (jackson instanceof UnrecognizedPropertyException) {
            return new Unreadable(HttpStatus.UNPROCESSABLE_CONTENT, new FieldIssue(field, "is not a known field"));
        }
        if (jackson instanceof InvalidFormatException invalid && invalid.getTargetType() == String.class) {
            return new Unreadable(HttpStatus.UNPROCESSABLE_CONTENT, new FieldIssue(named, WellFormedText.REASON));
        }
        if (jackson instanceof InvalidFormatException invalid) {
            return new Unreadable(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    new FieldIssue(
                            named,
                            "must be " + describe(invalid.getTargetType()) + ", not " + quote(invalid.getValue())));
        }
        if (jackson instanceof MismatchedInputException mismatched) {
            return new Unreadable(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    new FieldIssue(named, "must be " + describe(mismatched.getTargetType())));
        }
        return new Unreadable(HttpStatus.UNPROCESSABLE_CONTENT, new FieldIssue(named, "is not a valid value"));
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(snake(ref.getPropertyName()));
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    static String describe(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type.isEnum()) {
            List<String> values = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                values.add(constant.toString().toLowerCase(Locale.ROOT));
            }
            return "one of " + values;
        }
        return switch (type.getSimpleName()) {
            case "UUID" -> "a UUID";
            case "LocalDate" -> "a date (YYYY-MM-DD)";
            case "LocalTime" -> "a time (HH:MM[:SS])";
            case "Instant", "OffsetDateTime" -> "a timestamp (ISO 8601)";
            case "Integer", "int", "Long", "long", "Short", "short" -> "an integer";
            case "BigDecimal", "Double", "double", "Float", "float" -> "a number";
            case "Boolean", "boolean" -> "true or false";
            case "String" -> "a string";
            case "List", "Set", "Collection" -> "an array";
            default -> type.isArray() ? "an array" : "an object";
        };
    }

    private static String quote(Object value) {
        return value instanceof String text ? Excerpt.quoted(text) : Excerpt.of(String.valueOf(value));
    }

    private static FieldIssue globalIssue(MessageSourceResolvable error) {
        String message = error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
        // class-level rules name their field first: "end_date must be after start_date"
        int space = message.indexOf(' ');
        return space > 0
                ? new FieldIssue(message.substring(0, space), message.substring(space + 1))
                : new FieldIssue("body", message);
    }

    private static String summary(List<FieldIssue> issues) {
        return ProblemResponses.summary(issues);
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return snake(dot < 0 ? propertyPath : propertyPath.substring(dot + 1));
    }

    static String snake(String javaName) {
        return javaName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
