package io.travya.platform.web;

import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/** Versions as ETags: an aggregate's version is its ETag ("7"), and If-Match names the one a client saw. */
public final class ETags {

    private ETags() {}

    /** The version an If-Match header expects ("7" or W/"7"); empty when absent or "*" (any version). */
    public static Optional<Long> expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return Optional.empty();
        }
        String tag = ifMatch.trim().replaceFirst("^W/", "").replace("\"", "");
        try {
            return Optional.of(Long.parseLong(tag));
        } catch (NumberFormatException e) {
            throw new ApiException(
                    HttpStatus.PRECONDITION_FAILED, "If-Match must be an ETag this API gave, such as \"3\"", List.of());
        }
    }

    /**
     * Refuses a change to something that is no longer at the version the client saw: 412 when the
     * client said so with If-Match, 409 when with a version field in the body.
     */
    public static void requireVersion(Optional<Long> expected, long current, boolean fromIfMatch, String what) {
        if (expected.isPresent() && expected.get() != current) {
            throw new ApiException(
                    fromIfMatch ? HttpStatus.PRECONDITION_FAILED : HttpStatus.CONFLICT,
                    "The " + what + " has changed since version " + expected.get() + " (now " + current
                            + "); read it again and retry",
                    List.of());
        }
    }
}
