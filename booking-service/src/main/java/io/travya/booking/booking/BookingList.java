package io.travya.booking.booking;

import java.math.BigDecimal;
import java.util.List;
import java.util.SortedMap;

/**
 * One page of a trip's bookings. {@code count} and {@code totals} (amount per currency code) cover
 * every booking that matches the filters, not just this page.
 */
public record BookingList(List<BookingView> data, long count, SortedMap<String, BigDecimal> totals) {}
