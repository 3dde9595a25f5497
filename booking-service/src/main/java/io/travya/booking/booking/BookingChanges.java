package io.travya.booking.booking;

import static io.travya.booking.booking.NewBooking.NO_CONTROLS;
import static io.travya.booking.booking.NewBooking.NO_CONTROLS_MESSAGE;

import io.swagger.v3.oas.annotations.media.Schema;
import io.travya.platform.validation.CalendarDate;
import io.travya.platform.web.ApiException;
import io.travya.platform.web.FieldIssue;
import io.travya.platform.web.Patch;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PATCH /api/v1/bookings/{id}: only the fields present change. Every booking field is required, so
 * one sent as null is refused rather than silently ignored.
 *
 * <p>A class, not a record: Jackson leaves an absent field {@code null} and gives a JSON null as
 * {@code Optional.empty()} only when it sets fields one by one (a record's absent components would
 * all be empty, and "absent" could not be told from "null").
 */
class BookingChanges {

    /** Present but blank is refused like null; absent is fine. */
    private static final String NOT_BLANK = "(?s).*\\S.*";

    private static final String BLANK = "must not be blank";

    private Optional<
                    @Pattern(regexp = NOT_BLANK, message = BLANK) @Size(max = 50)
                    @Pattern(regexp = NO_CONTROLS, message = NO_CONTROLS_MESSAGE) String>
            bookingType;

    private Optional<
                    @Pattern(regexp = NOT_BLANK, message = BLANK) @Size(max = 255)
                    @Pattern(regexp = NO_CONTROLS, message = NO_CONTROLS_MESSAGE) String>
            provider;

    private Optional<
                    @Pattern(regexp = NOT_BLANK, message = BLANK) @Size(max = 100)
                    @Pattern(regexp = NO_CONTROLS, message = NO_CONTROLS_MESSAGE) String>
            confirmationNumber;

    private Optional<@DecimalMin("0.00") @DecimalMax("99999999.99") @Digits(integer = 8, fraction = 2) BigDecimal>
            amount;

    @Schema(description = "ISO 4217", pattern = "^[A-Z]{3}$", example = "EUR")
    private Optional<@IsoCurrency String> currency;

    private Optional<@CalendarDate LocalDate> bookingDate;
    private Optional<@CalendarDate LocalDate> travelDate;
    private Optional<BookingStatus> status;

    public Optional<String> getBookingType() {
        return bookingType;
    }

    public Optional<String> getProvider() {
        return provider;
    }

    public Optional<String> getConfirmationNumber() {
        return confirmationNumber;
    }

    public Optional<BigDecimal> getAmount() {
        return amount;
    }

    public Optional<String> getCurrency() {
        return currency;
    }

    public Optional<LocalDate> getBookingDate() {
        return bookingDate;
    }

    public Optional<LocalDate> getTravelDate() {
        return travelDate;
    }

    public Optional<BookingStatus> getStatus() {
        return status;
    }

    /** The booking's details with this patch applied; 422 naming every field sent as null. */
    BookingDetails applyTo(BookingDetails current) {
        List<FieldIssue> issues = new ArrayList<>();
        BookingDetails next = new BookingDetails(
                Patch.required(bookingType, current.bookingType(), "booking_type", issues)
                        .trim(),
                Patch.required(provider, current.provider(), "provider", issues).trim(),
                Patch.required(confirmationNumber, current.confirmationNumber(), "confirmation_number", issues)
                        .trim(),
                Patch.required(amount, current.amount(), "amount", issues).setScale(2, RoundingMode.UNNECESSARY),
                Patch.required(currency, current.currency(), "currency", issues),
                Patch.required(bookingDate, current.bookingDate(), "booking_date", issues),
                Patch.required(travelDate, current.travelDate(), "travel_date", issues));
        if (status != null && status.isEmpty()) {
            issues.add(new FieldIssue("status", "must not be null"));
        }
        if (!issues.isEmpty()) {
            throw ApiException.unprocessable(issues);
        }
        return next;
    }

    /** The status asked for, if any. */
    Optional<BookingStatus> requestedStatus() {
        return status == null ? Optional.empty() : status;
    }
}
