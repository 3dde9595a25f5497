package io.travya.platform.web;

import java.util.List;
import java.util.function.Function;

/** One page of a list, with the total number of items across all pages. */
public record Page<T>(List<T> data, long count) {

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(data.stream().map(mapper).toList(), count);
    }
}
