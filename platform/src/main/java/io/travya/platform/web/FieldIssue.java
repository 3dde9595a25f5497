package io.travya.platform.web;

/**
 * One reason a request was refused: the JSON field (or query parameter, or header) and what is wrong
 * with it. A field name may come from the client (an unknown field), so it is kept to an excerpt.
 */
public record FieldIssue(String field, String reason) {

    private static final int MAX_REASON_CODE_POINTS = 256;

    public FieldIssue {
        field = Excerpt.of(field);
        reason = Excerpt.of(reason, MAX_REASON_CODE_POINTS);
    }
}
