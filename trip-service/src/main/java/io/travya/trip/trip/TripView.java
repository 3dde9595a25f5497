package io.travya.trip.trip;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A trip as the API shows it. {@code version} is also the ETag. */
public record TripView(
        UUID id,
        @Schema(example = "Lisbon in spring") String title,
        @Schema(example = "Lisbon, Portugal") String destination,
        LocalDate startDate,
        LocalDate endDate,
        @Schema(nullable = true, example = "1800.00") BigDecimal budget,

        @Schema(nullable = true, example = "A week of tiles and tram rides")
        String description,

        TripStatus status,
        TripType tripType,
        @Schema(description = "The owner") UUID userId,
        Instant createdAt,
        Instant updatedAt,

        @Schema(description = "Grows with every change to the trip, its itinerary or its collaborators; also the ETag")
        long version) {

    public static TripView of(Trip trip) {
        return new TripView(
                trip.getId(),
                trip.getTitle(),
                trip.getDestination(),
                trip.getStartDate(),
                trip.getEndDate(),
                trip.getBudget(),
                trip.getDescription(),
                trip.getStatus(),
                trip.getTripType(),
                trip.getOwnerId(),
                trip.getCreatedAt(),
                trip.getUpdatedAt(),
                trip.getVersion());
    }
}
