package io.travya.trip.itinerary;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

record ItineraryItemView(
        UUID id,
        UUID tripId,

        @Schema(description = "1 is the trip's first day", example = "1")
        int day,

        @Schema(example = "Alfama") String title,
        @Schema(nullable = true) String description,
        List<String> activities,
        @Schema(nullable = true) LocalTime startTime,
        @Schema(nullable = true, example = "13:00") LocalTime endTime,

        @Schema(nullable = true, example = "Largo do Chafariz de Dentro")
        String location,

        Instant createdAt,
        Instant updatedAt) {

    static ItineraryItemView of(ItineraryItem item) {
        return new ItineraryItemView(
                item.getId(),
                item.getTripId(),
                item.getDay(),
                item.getTitle(),
                item.getDescription(),
                item.getActivities(),
                item.getStartTime(),
                item.getEndTime(),
                item.getLocation(),
                item.getCreatedAt(),
                item.getUpdatedAt());
    }
}
