package io.travya.platform.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** {@code skip} and {@code limit} of a list request: skip ≥ 0, 1 ≤ limit ≤ 100, limit 20 by default. */
public record PageQuery(
        @Schema(description = "How many items to pass over", defaultValue = "0") @Min(0)
        Integer skip,

        @Schema(description = "How many items at most", defaultValue = "20") @Min(1) @Max(100)
        Integer limit) {

    public static final int DEFAULT_LIMIT = 20;

    public int offset() {
        return skip == null ? 0 : skip;
    }

    public int size() {
        return limit == null ? DEFAULT_LIMIT : limit;
    }
}
