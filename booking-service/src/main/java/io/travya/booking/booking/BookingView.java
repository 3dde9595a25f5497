package io.travya.booking.booking;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A booking as the API shows it. {@code version} is also the ETag. */
public record BookingView(
        UUID id,
        UUID tripId,
        @Schema(example = "hotel") String bookingType,
        @Schema(example = "Casa do Castelo") String provider,
        @Schema(example = "CDC-4411") String confirmationNumber,
        @Schema(example = "640.00") BigDecimal amount,
        @Schema(description = "ISO 4217", example = "EUR") String currency,
        LocalDate bookingDate,
        LocalDate travelDate,
        BookingStatus status,
        Instant createdAt,
        Instant updatedAt,

        @Schema(description = "Grows with every change; also the ETag")
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
