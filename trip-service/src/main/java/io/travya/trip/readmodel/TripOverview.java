package io.travya.trip.readmodel;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * GET /api/v1/trips/{id}/overview: everything about a trip at a glance, from the read models.
 *
 * @param trip the trip as its latest event describes it
 * @param collaborators everyone invited, with role and status
 */
record TripOverview(
        Trip trip,
        Itinerary itinerary,
        List<Collaborator> collaborators,
        Bookings bookings,
        Budget budget,
        Conversations conversations,

        @Schema(
                nullable = true,
                description = "When the last event about the trip happened; null if none has been " + "counted yet")
        Instant lastActivityAt) {

    /**
     * The trip as its latest event describes it (the JSON the projection keeps): the same fields as a
     * trip anywhere in the API.
     */
    @Schema(name = "OverviewTrip")
    record Trip(
            UUID id,
            String title,
            String destination,
            LocalDate startDate,
            LocalDate endDate,
            @Schema(nullable = true, example = "1800.00") BigDecimal budget,
            @Schema(nullable = true) String description,

            @Schema(allowableValues = {"planned", "in_progress", "completed", "cancelled"})
            String status,

            @Schema(allowableValues = {"leisure", "business", "adventure", "family", "solo"})
            String tripType,

            UUID userId,
            Instant createdAt,
            Instant updatedAt,
            long version) {}

    /** Someone invited to the trip, as the trip's latest event lists them. */
    @Schema(name = "OverviewCollaborator")
    record Collaborator(
            UUID userId,
            @Schema(allowableValues = {"viewer", "editor"}) String role,

            @Schema(allowableValues = {"pending", "accepted", "declined"})
            String status) {}

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
    record Budget(
            @Schema(nullable = true, description = "The trip's budget; null when it has none", example = "1800.00")
            BigDecimal amount,

            @Schema(nullable = true, description = "The one currency of the bookings that hold money", example = "EUR")
            String currency,

            @Schema(
                    nullable = true,
                    description = "What those bookings hold; null with several currencies",
                    example = "640.00")
            BigDecimal committed,

            @Schema(nullable = true, description = "amount - committed; null when not comparable", example = "1160.00")
            BigDecimal remaining,

            @Schema(nullable = true, description = "Why a figure is null, for a person to read")
            String note) {}

    record Conversations(long count, long messages) {}

    static List<String> statuses() {
        return List.of("confirmed", "pending", "cancelled", "refunded");
    }
}
