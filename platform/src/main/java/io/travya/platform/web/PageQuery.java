package io.travya.platform.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** {@code skip} and {@code limit} of a list request: skip ≥ 0, 1 ≤ limit ≤ 100, limit 20 by default. */
public record PageQuery(
        @Min(0) Integer skip, @Min(1) @Max(100) Integer limit) {

    public static final int DEFAULT_LIMIT = 20;

    public int offset() {
        return skip == null ? 0 : skip;
    }

    public int size() {
        return limit == null ? DEFAULT_LIMIT : limit;
    }
}
