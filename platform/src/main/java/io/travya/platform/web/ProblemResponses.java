package io.travya.platform.web;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Problem details (RFC 9457) the Travya way: a {@code type} per status, the status's reason phrase as
 * {@code title}, a {@code detail} and the field issues. Whatever a detail quotes of the input is kept
 * short and safely encoded ({@link Excerpt}), at most {@value #MAX_ISSUES} issues are listed and the
 * {@code instance} (the request's path) is cut, so an error body stays small whatever the request.
 */
public final class ProblemResponses {

    static final int MAX_ISSUES = 20;
    private static final int MAX_INSTANCE_LENGTH = 128;
    private static final int MAX_DETAIL_CODE_POINTS = 1024;

    private ProblemResponses() {}

    public static ProblemDetail problem(HttpStatus status, String detail, List<FieldIssue> issues) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, Excerpt.of(detail, MAX_DETAIL_CODE_POINTS));
        problem.setType(URI.create("https://travya.io/problems/" + slug(status)));
        problem.setTitle(status.getReasonPhrase());
        if (!issues.isEmpty()) {
            problem.setProperty("errors", issues.size() > MAX_ISSUES ? issues.subList(0, MAX_ISSUES) : issues);
        }
        problem.setInstance(currentPath());
        return problem;
    }

    /**
     * The problem for a status that has nothing more specific to say: the same detail every time, so
     * that clients and tests can rely on it.
     */
    public static ProblemDetail problem(HttpStatus status) {
        return problem(status, standardDetail(status), List.of());
    }

    static String standardDetail(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "The request is malformed";
            case UNAUTHORIZED -> "An access token is required";
            case FORBIDDEN -> "Not allowed";
            case NOT_FOUND -> "Nothing here: no such resource or endpoint";
            case METHOD_NOT_ALLOWED -> "This method is not allowed here; the Allow header lists those that are";
            case NOT_ACCEPTABLE -> "The answer can only be JSON (application/json or application/problem+json)";
            case CONTENT_TOO_LARGE -> "The request body is larger than this service accepts";
            case URI_TOO_LONG -> "The request line is longer than this service accepts";
            case UNSUPPORTED_MEDIA_TYPE -> "The request body must be JSON (Content-Type: application/json)";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "The request headers are larger than this service accepts";
            case INTERNAL_SERVER_ERROR -> "Unexpected failure";
            case SERVICE_UNAVAILABLE -> "The service is not available right now; retry in a moment";
            default -> status.getReasonPhrase();
        };
    }

    /** The summary of several issues: "field reason; field reason". */
    static String summary(List<FieldIssue> issues) {
        if (issues.isEmpty()) {
            return "The request is not valid";
        }
        return issues.stream()
                .limit(MAX_ISSUES)
                .map(i -> i.field() + " " + i.reason())
                .reduce((a, b) -> a + "; " + b)
                .orElseThrow();
    }

    /**
     * The path of the request being answered, if any, cut to a bounded length: left unset, Spring MVC
     * would fill in the whole path, which is input too. The raw path is ASCII (percent-encoded).
     */
    private static URI currentPath() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            String path = attributes.getRequest().getRequestURI();
            if (path != null) {
                try {
                    return URI.create(
                            path.length() > MAX_INSTANCE_LENGTH ? path.substring(0, MAX_INSTANCE_LENGTH) : path);
                } catch (IllegalArgumentException notAUri) {
                    return null;
                }
            }
        }
        return null;
    }

    private static String slug(HttpStatus status) {
        return status.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
