package io.travya.booking.booking;

import io.swagger.v3.oas.annotations.media.Schema;
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

        @NotBlank
        @Size(max = 50)
        @Pattern(regexp = NO_CONTROLS, message = NO_CONTROLS_MESSAGE)
        @Schema(description = "hotel, flight, train…", example = "hotel")
        String bookingType,

        @NotBlank
        @Size(max = 255)
        @Pattern(regexp = NO_CONTROLS, message = NO_CONTROLS_MESSAGE)
        @Schema(example = "Casa do Castelo")
        String provider,

        @NotBlank
        @Size(max = 100)
        @Pattern(regexp = NO_CONTROLS, message = NO_CONTROLS_MESSAGE)
        @Schema(example = "CDC-4411")
        String confirmationNumber,

        @NotNull
        @DecimalMin("0.00")
        @DecimalMax("99999999.99")
        @Digits(integer = 8, fraction = 2)
        @Schema(description = "Up to 8 integer and 2 fraction digits", example = "640.00")
        BigDecimal amount,

        @IsoCurrency
        @Schema(
                nullable = true,
                description = "ISO 4217, USD when absent or null",
                pattern = "^[A-Z]{3}$",
                example = "EUR")
        String currency,

        @NotNull @CalendarDate @Schema(description = "1900-01-01 to 9999-12-31", example = "2027-01-05")
        LocalDate bookingDate,

        @NotNull
        @CalendarDate
        @Schema(description = "1900-01-01 to 9999-12-31, not before booking_date", example = "2027-04-10")
        LocalDate travelDate,

        @Schema(nullable = true, description = "confirmed when absent or null")
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
