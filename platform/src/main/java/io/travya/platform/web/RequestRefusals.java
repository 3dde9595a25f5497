package io.travya.platform.web;

import java.io.IOException;
import java.util.List;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedException;

/**
 * Refusals of a request as a whole, whichever layer notices first: Tomcat when the query string
 * cannot be decoded, Spring Security's firewall when a path or header holds what it does not accept
 * (it checks headers only when they are read, so that can be inside a controller), or the body limit.
 * Their messages quote the input, so the answers say what is wrong in fixed words instead.
 */
public final class RequestRefusals {

    static final String QUERY_NOT_READABLE = "The query string cannot be read: a %-escape is malformed or does not"
            + " decode as UTF-8, or there are too many parameters";
    static final String REJECTED = "The request was refused: its path or a header holds characters or sequences"
            + " this service does not accept (control characters, encoded slashes, dot segments, semicolons)";

    private RequestRefusals() {}

    /** The problem for a failure that refuses the request as a whole, or null if it is not one. */
    public static ProblemDetail problemFor(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidParameterException invalid) {
                HttpStatus status = HttpStatus.resolve(invalid.getErrorCode());
                return status == HttpStatus.CONTENT_TOO_LARGE
                        ? ProblemResponses.problem(status)
                        : ProblemResponses.problem(
                                HttpStatus.BAD_REQUEST,
                                QUERY_NOT_READABLE,
                                List.of(new FieldIssue("query", "is not valid percent-encoded UTF-8")));
            }
            if (cause instanceof RequestRejectedException) {
                return ProblemResponses.problem(HttpStatus.BAD_REQUEST, REJECTED, List.of());
            }
            if (cause instanceof BodyTooLargeException) {
                return ProblemResponses.problem(HttpStatus.CONTENT_TOO_LARGE);
            }
        }
        return null;
    }

    /** Reading the request body went past the limit. */
    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(long limit) {
            super("The request body is larger than " + limit + " bytes");
        }
    }
}
