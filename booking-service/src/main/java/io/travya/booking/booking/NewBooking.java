package io.travya.booking.booking;

import io.travya.platform.validation.CalendarDate;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.UUID;

/** POST /api/v1/bookings: the seed's booking, for a trip the caller may change. */
record NewBooking(
        @NotNull UUID tripId,

        @NotBlank @Size(max = 50) @Pattern(regexp = NO_CONTROLS, message = NO_CONTROLS_MESSAGE)
        String bookingType,

        @NotBlank @Size(max = 255) @Pattern(regexp = NO_CONTROLS, message = NO_CONTROLS_MESSAGE)
        String provider,

        @NotBlank @Size(max = 100) @Pattern(regexp = NO_CONTROLS, message = NO_CONTROLS_MESSAGE)
        String confirmationNumber,

        @NotNull @DecimalMin("0.00") @DecimalMax("99999999.99") @Digits(integer = 8, fraction = 2)
        BigDecimal amount,

        @IsoCurrency String currency,
        @NotNull @CalendarDate LocalDate bookingDate,
        @NotNull @CalendarDate LocalDate travelDate,
        BookingStatus status) {

    /** PostgreSQL text cannot hold NUL, and no booking field has a use for control characters. */
    static final String NO_CONTROLS = "[^\\p{Cntrl}]*";

    static final String NO_CONTROLS_MESSAGE = "must not contain control characters";

    /** The seed's column default. */
    static final String DEFAULT_CURRENCY = "USD";

    BookingDetails details() {
        return new BookingDetails(
                bookingType.trim(),
                provider.trim(),
                confirmationNumber.trim(),
                amount.setScale(2, RoundingMode.UNNECESSARY),
                currency == null ? DEFAULT_CURRENCY : currency,
                bookingDate,
                travelDate);
    }

    BookingStatus initialStatus() {
        return status == null ? BookingStatus.CONFIRMED : status;
    }
}
