package io.travya.trip.readmodel;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * GET /api/v1/trips/{id}/overview: everything about a trip at a glance, from the read models.
 *
 * @param trip the trip as its latest event describes it
 * @param collaborators everyone invited, with role and status
 */
record TripOverview(
        JsonNode trip,
        Itinerary itinerary,
        JsonNode collaborators,
        Bookings bookings,
        Budget budget,
        Conversations conversations,
        Instant lastActivityAt) {

    /** @param daysCovered how many of the trip's days have at least one item */
    record Itinerary(long items, long daysCovered, long tripDays) {}

    /**
     * @param totals per currency, the bookings that hold money (pending and confirmed)
     * @param byStatus per status: how many, and their amounts per currency
     */
    record Bookings(long count, Map<String, BigDecimal> totals, Map<String, StatusFigures> byStatus) {}

    record StatusFigures(long count, Map<String, BigDecimal> totals) {}

    /**
     * Travya does not convert currencies. The budget has no currency of its own: it is compared with
     * the bookings that hold money when they are all in one currency (then {@code currency} names
     * it); with none, all of it remains; with several, {@code remaining} is null.
     */
    record Budget(BigDecimal amount, String currency, BigDecimal committed, BigDecimal remaining, String note) {}

    record Conversations(long count, long messages) {}

    static List<String> statuses() {
        return List.of("confirmed", "pending", "cancelled", "refunded");
    }
}
