package io.travya.booking.booking;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A booking as the API shows it. {@code version} is also the ETag. */
public record BookingView(
        UUID id,
        UUID tripId,
        String bookingType,
        String provider,
        String confirmationNumber,
        BigDecimal amount,
        String currency,
        LocalDate bookingDate,
        LocalDate travelDate,
        BookingStatus status,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public static BookingView of(Booking booking) {
        return new BookingView(
                booking.getId(),
                booking.getTripId(),
                booking.getBookingType(),
                booking.getProvider(),
                booking.getConfirmationNumber(),
                booking.getAmount(),
                booking.getCurrency(),
                booking.getBookingDate(),
                booking.getTravelDate(),
                booking.getStatus(),
                booking.getCreatedAt(),
                booking.getUpdatedAt(),
                booking.getVersion());
    }
}
