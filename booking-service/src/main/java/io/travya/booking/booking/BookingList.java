package io.travya.booking.booking;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.List;
import java.util.SortedMap;

/**
 * One page of a trip's bookings. {@code count} and {@code totals} (amount per currency code) cover
 * every booking that matches the filters, not just this page.
 */
public record BookingList(
        List<BookingView> data,

        @Schema(description = "Every booking that matches, across all pages")
        long count,

        @Schema(description = "The amounts of every booking that matches, per ISO 4217 currency code")
        SortedMap<String, BigDecimal> totals) {}
