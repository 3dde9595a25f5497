package io.travya.trip.trip;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A trip as the API shows it. {@code version} is also the ETag. */
public record TripView(
        UUID id,
        String title,
        String destination,
        LocalDate startDate,
        LocalDate endDate,
        BigDecimal budget,
        String description,
        TripStatus status,
        TripType tripType,
        UUID userId,
        Instant createdAt,
        Instant updatedAt,
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
