package io.travya.trip.trip;

import java.math.BigDecimal;
import java.time.LocalDate;

/** What the owner or an editor decides about a trip. */
public record TripDetails(
        String title,
        String destination,
        LocalDate startDate,
        LocalDate endDate,
        BigDecimal budget,
        String description,
        TripType tripType) {}
