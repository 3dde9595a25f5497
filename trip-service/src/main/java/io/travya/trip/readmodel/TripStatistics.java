package io.travya.trip.readmodel;

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
        BigDecimal totalBudget,
        Map<String, Long> tripsByStatus,
        Map<String, Long> tripsByType,
        List<UpcomingTrip> upcomingTrips,
        long bookingsCount,
        Map<String, BigDecimal> bookingsTotal,
        long sharedWithMe) {

    record UpcomingTrip(UUID id, String title, String destination, LocalDate startDate, LocalDate endDate) {}
}
