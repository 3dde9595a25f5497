package io.travya.trip.trip;

import io.swagger.v3.oas.annotations.media.Schema;
import io.travya.platform.validation.CalendarDate;
import io.travya.platform.validation.Chronological;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;

/** POST /api/v1/trips: the seed's TripCreate. */
@Chronological(before = "startDate", after = "endDate")
record NewTrip(
        @NotBlank @Size(max = 255) @Schema(example = "Lisbon in spring")
        String title,

        @NotBlank @Size(max = 255) @Schema(example = "Lisbon, Portugal")
        String destination,

        @NotNull @CalendarDate LocalDate startDate,
        @NotNull @CalendarDate LocalDate endDate,

        @DecimalMin("0.00")
        @DecimalMax("99999999.99")
        @Digits(integer = 8, fraction = 2)
        @Schema(nullable = true, description = "Up to 8 integer and 2 fraction digits", example = "1800.00")
        BigDecimal budget,

        @Size(max = 1000) @Schema(nullable = true, example = "A week of tiles and tram rides")
        String description,

        @Schema(nullable = true, description = "leisure when absent or null")
        TripType tripType) {

    TripDetails details() {
        return new TripDetails(
                title.trim(),
                destination.trim(),
                startDate,
                endDate,
                budget,
                description,
                tripType == null ? TripType.LEISURE : tripType);
    }
}
