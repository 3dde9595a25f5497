package io.travya.trip.readmodel;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * GET /api/v1/trips/stats: the seed's get_trip_statistics (total_trips, total_budget,
 * trips_by_status), and more, read in one round trip to Redis whatever the size of the history.
 *
 * @param bookingsCount bookings on the user's trips, whatever their status
 * @param bookingsTotal per currency, the bookings that hold money: pending and confirmed
 * @param sharedWithMe trips of others on which the user is an accepted collaborator
 */
record TripStatistics(
        long totalTrips,

        @Schema(description = "The budgets of the trips the user owns, added up", example = "1800.00")
        BigDecimal totalBudget,

        @Schema(description = "Every status (planned, in_progress, completed, cancelled) with its count")
        Map<String, Long> tripsByStatus,

        @Schema(description = "Every trip type (leisure, business, adventure, family, solo) with its count")
        Map<String, Long> tripsByType,

        List<UpcomingTrip> upcomingTrips,
        long bookingsCount,
        @Schema(description = "Per ISO 4217 currency code") Map<String, BigDecimal> bookingsTotal,
        long sharedWithMe) {

    record UpcomingTrip(UUID id, String title, String destination, LocalDate startDate, LocalDate endDate) {}
}
