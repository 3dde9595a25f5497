package io.travya.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.OptionalLong;
import org.springframework.http.HttpStatus;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The {@value #HEADER} request header: the version of a trip the client has seen (trip-service's
 * ETag for it, {@code 3} or {@code "3"}), saying "answer from a state that includes at least this
 * version". What other services and read models know of a trip arrives through events, a few tens of
 * milliseconds after trip-service's answer; a client that has just changed a trip sends the version
 * it got, and the service waits (briefly) for its copy to catch up. Without the header a service
 * answers at once from what it holds, so a request about a trip nobody knows never holds a thread.
 */
public final class ExpectedTripVersion {

    public static final String HEADER = "Travya-Trip-Version";

    private ExpectedTripVersion() {}

    /** The version the current request expects; empty outside a request or without the header. */
    public static OptionalLong ofCurrentRequest() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return of(attributes.getRequest());
        }
        return OptionalLong.empty();
    }

    /** The version the request expects; 400 if the header is there but names no version. */
    public static OptionalLong of(HttpServletRequest request) {
        return parse(request.getHeader(HEADER));
    }

    static OptionalLong parse(String value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        String tag = value.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        if (!tag.isEmpty() && tag.length() <= 18 && tag.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.of(Long.parseLong(tag));
        }
        String reason = "must be a trip version as trip-service gave it in its ETag, such as 3 or \"3\"";
        throw new ApiException(HttpStatus.BAD_REQUEST, HEADER + " " + reason, List.of(new FieldIssue(HEADER, reason)));
    }
}
