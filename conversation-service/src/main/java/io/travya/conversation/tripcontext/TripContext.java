package io.travya.conversation.tripcontext;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

/**
 * What conversation-service knows of a trip, for the assistant: the trip as its latest event
 * described it, its itinerary, and its bookings (deleted ones left out).
 *
 * @param budget the trip's budget; the data model gives it no currency
 */
public record TripContext(
        UUID tripId,
        String title,
        String destination,
        LocalDate startDate,
        LocalDate endDate,
        BigDecimal budget,
        String description,
        String status,
        String tripType,
        List<ItineraryEntry> itinerary,
        List<TripBooking> bookings) {

    /** One item of the itinerary: day 1 is the start date. */
    public record ItineraryEntry(
            int day,
            String title,
            String description,
            List<String> activities,
            LocalTime startTime,
            LocalTime endTime,
            String location) {}

    /** One booking of the trip; status is confirmed, pending, cancelled or refunded. */
    public record TripBooking(
            String bookingType,
            String provider,
            BigDecimal amount,
            String currency,
            LocalDate travelDate,
            String status) {}
}
