package io.travya.trip.itinerary;

import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

record ItineraryItemView(
        UUID id,
        UUID tripId,
        int day,
        String title,
        String description,
        List<String> activities,
        LocalTime startTime,
        LocalTime endTime,
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
