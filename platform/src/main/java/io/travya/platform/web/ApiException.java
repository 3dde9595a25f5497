package io.travya.platform.web;

import java.util.List;
import org.springframework.http.HttpStatus;

/** An answer other than success, rendered as RFC 9457 problem details. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final List<FieldIssue> issues;

    public ApiException(HttpStatus status, String detail, List<FieldIssue> issues) {
        super(detail);
        this.status = status;
        this.issues = List.copyOf(issues);
    }

    /** The thing does not exist, or the caller may not know that it does. */
    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, what + " not found", List.of());
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, detail, List.of());
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, detail, List.of());
    }

    public static ApiException conflict(String field, String reason) {
        return new ApiException(HttpStatus.CONFLICT, reason, List.of(new FieldIssue(field, reason)));
    }

    public static ApiException invalid(String field, String reason) {
        return new ApiException(
                HttpStatus.UNPROCESSABLE_CONTENT, field + " " + reason, List.of(new FieldIssue(field, reason)));
    }

    /** Several rules broken at once (422), each with its field. */
    public static ApiException unprocessable(List<FieldIssue> issues) {
        String detail = issues.stream()
                .map(issue -> issue.field() + " " + issue.reason())
                .reduce((a, b) -> a + "; " + b)
                .orElse("The request is not valid");
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, detail, issues);
    }

    public static ApiException preconditionFailed(String detail) {
        return new ApiException(HttpStatus.PRECONDITION_FAILED, detail, List.of());
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(HttpStatus.UNAUTHORIZED, detail, List.of());
    }

    public HttpStatus status() {
        return status;
    }

    public List<FieldIssue> issues() {
        return issues;
    }
}
