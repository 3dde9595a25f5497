package io.travya.booking.booking;

import java.math.BigDecimal;
import java.time.LocalDate;

/** What the owner or an editor records about a booking, already checked field by field. */
public record BookingDetails(
        String bookingType,
        String provider,
        String confirmationNumber,
        BigDecimal amount,
        String currency,
        LocalDate bookingDate,
        LocalDate travelDate) {}
