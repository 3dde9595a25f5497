package io.travya.trip.itinerary;

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
        @NotNull @Min(1) @Max(3660) Integer day,
        @NotBlank @Size(max = 255) String title,
        @Size(max = 5000) String description,
        @Size(max = 50) List<@NotBlank @Size(max = 255) String> activities,
        LocalTime startTime,
        LocalTime endTime,
        @Size(max = 255) String location) {

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
