package io.travya.trip.trip;

import io.swagger.v3.oas.annotations.media.Schema;
import io.travya.platform.validation.CalendarDate;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/**
 * PATCH /api/v1/trips/{id}: only the fields present change. A field sent as null clears it where the
 * seed allows (budget, description); {@code version}, when sent, must be the trip's current version.
 *
 * <p>A class, not a record: Jackson leaves an absent field {@code null} and gives a JSON null as
 * {@code Optional.empty()} only when it sets fields one by one (a record's absent components would
 * all be empty, and "absent" could not be told from "null").
 */
class TripPatch {

    private Optional<@Pattern(regexp = ".*\\S.*", message = "must not be blank") @Size(max = 255) String> title;
    private Optional<@Pattern(regexp = ".*\\S.*", message = "must not be blank") @Size(max = 255) String> destination;
    private Optional<@CalendarDate LocalDate> startDate;
    private Optional<@CalendarDate LocalDate> endDate;

    @Schema(nullable = true, description = "null clears it", example = "2100.00")
    private Optional<@DecimalMin("0.00") @DecimalMax("99999999.99") @Digits(integer = 8, fraction = 2) BigDecimal>
            budget;

    @Schema(nullable = true, description = "null clears it")
    private Optional<@Size(max = 1000) String> description;

    private Optional<TripType> tripType;
    private Optional<TripStatus> status;

    @Min(0)
    @Schema(
            nullable = true,
            description = "The version the change is meant for: 409 if the trip is no longer at it (If-Match does the "
                    + "same with 412); absent or null checks nothing")
    private Long version;

    public Optional<String> getTitle() {
        return title;
    }

    public Optional<String> getDestination() {
        return destination;
    }

    public Optional<LocalDate> getStartDate() {
        return startDate;
    }

    public Optional<LocalDate> getEndDate() {
        return endDate;
    }

    public Optional<BigDecimal> getBudget() {
        return budget;
    }

    public Optional<String> getDescription() {
        return description;
    }

    public Optional<TripType> getTripType() {
        return tripType;
    }

    public Optional<TripStatus> getStatus() {
        return status;
    }

    public Long getVersion() {
        return version;
    }
}
