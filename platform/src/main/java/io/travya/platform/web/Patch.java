package io.travya.platform.web;

import java.util.List;
import java.util.Optional;

/**
 * Reading a JSON merge-style PATCH whose fields are {@code Optional}: a field that is absent is
 * {@code null} (keep the current value), a field sent as JSON null is {@code Optional.empty()}.
 */
public final class Patch {

    private Patch() {}

    /** A field that may change but never be null; a null sent for it is an issue. */
    public static <T> T required(Optional<T> patched, T current, String field, List<FieldIssue> issues) {
        if (patched == null) {
            return current;
        }
        if (patched.isEmpty()) {
            issues.add(new FieldIssue(field, "must not be null"));
            return current;
        }
        return patched.get();
    }

    /** A field that may be cleared by sending null. */
    public static <T> T clearable(Optional<T> patched, T current) {
        return patched == null ? current : patched.orElse(null);
    }
}
