package io.travya.trip.itinerary;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

/**
 * PATCH /api/v1/trips/{id}/itineraries/{item_id}: only the fields present change; null clears.
 * A class so that Jackson can tell an absent field (null) from a JSON null (empty).
 */
class ItineraryPatch {

    private Optional<@Min(1) @Max(3660) Integer> day;
    private Optional<@Pattern(regexp = ".*\\S.*", message = "must not be blank") @Size(max = 255) String> title;

    @Schema(nullable = true, description = "null clears it")
    private Optional<@Size(max = 5000) String> description;

    @Schema(nullable = true, description = "null clears it")
    private Optional<@Size(max = 50) List<@NotBlank @Size(max = 255) String>> activities;

    @Schema(nullable = true, description = "null clears it")
    private Optional<LocalTime> startTime;

    @Schema(nullable = true, description = "null clears it")
    private Optional<LocalTime> endTime;

    @Schema(nullable = true, description = "null clears it")
    private Optional<@Size(max = 255) String> location;

    public Optional<Integer> getDay() {
        return day;
    }

    public Optional<String> getTitle() {
        return title;
    }

    public Optional<String> getDescription() {
        return description;
    }

    public Optional<List<String>> getActivities() {
        return activities;
    }

    public Optional<LocalTime> getStartTime() {
        return startTime;
    }

    public Optional<LocalTime> getEndTime() {
        return endTime;
    }

    public Optional<String> getLocation() {
        return location;
    }
}
