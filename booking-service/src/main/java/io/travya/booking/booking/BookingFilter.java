package io.travya.booking.booking;

import java.time.LocalDate;
import java.util.UUID;

/** Which of a trip's bookings to list; every filter but the trip is optional. */
record BookingFilter(
        UUID tripId, String bookingType, BookingStatus status, LocalDate travelDateFrom, LocalDate travelDateTo) {}
