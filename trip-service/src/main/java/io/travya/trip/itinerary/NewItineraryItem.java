package io.travya.trip.itinerary;

import io.swagger.v3.oas.annotations.media.Schema;
import io.travya.platform.validation.Chronological;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalTime;
import java.util.List;

/** POST /api/v1/trips/{id}/itineraries. {@code day} runs from 1 to the trip's length in days. */
@Chronological(before = "startTime", after = "endTime")
record NewItineraryItem(
        @NotNull @Min(1) @Max(3660) @Schema(description = "1 to the trip's length in days", example = "1")
        Integer day,

        @NotBlank @Size(max = 255) @Schema(example = "Alfama")
        String title,

        @Size(max = 5000) @Schema(nullable = true) String description,
        @Size(max = 50) @Schema(nullable = true) List<@NotBlank @Size(max = 255) String> activities,
        @Schema(nullable = true) LocalTime startTime,

        @Schema(nullable = true, description = "After start_time", example = "13:00")
        LocalTime endTime,

        @Size(max = 255) @Schema(nullable = true) String location) {

    ItineraryDetails details() {
        return new ItineraryDetails(
                day,
                title.trim(),
                description,
                activities == null ? List.of() : List.copyOf(activities),
                startTime,
                endTime,
                location);
    }
}
