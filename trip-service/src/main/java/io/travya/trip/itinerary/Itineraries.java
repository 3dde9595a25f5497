package io.travya.trip.itinerary;

import io.travya.events.TripEventType;
import io.travya.platform.security.Caller;
import io.travya.platform.web.ApiException;
import io.travya.platform.web.FieldIssue;
import io.travya.platform.web.Patch;
import io.travya.trip.Times;
import io.travya.trip.access.TripPermissions;
import io.travya.trip.trip.Trip;
import io.travya.trip.trip.TripEvents;
import io.travya.trip.trip.TripRepository;
import java.time.Clock;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A trip's itinerary. Every change locks the trip and makes a new version of it, so that changes to
 * one trip are published, and applied by consumers, in the order they happened.
 */
@Service
class Itineraries {

    private final ItineraryRepository items;
    private final TripRepository trips;
    private final TripPermissions permissions;
    private final TripEvents events;
    private final Clock clock;

    Itineraries(
            ItineraryRepository items,
            TripRepository trips,
            TripPermissions permissions,
            TripEvents events,
            Clock clock) {
        this.items = items;
        this.trips = trips;
        this.permissions = permissions;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    List<ItineraryItem> list(Caller caller, UUID tripId) {
        permissions.requireRead(tripId, caller);
        return items.findByTripInOrder(tripId);
    }

    @Transactional(readOnly = true)
    ItineraryItem get(Caller caller, UUID tripId, UUID itemId) {
        permissions.requireRead(tripId, caller);
        return items.findByIdAndTripId(itemId, tripId).orElseThrow(() -> ApiException.notFound("Itinerary item"));
    }

    @Transactional
    ItineraryItem add(Caller caller, UUID tripId, ItineraryDetails details) {
        permissions.requireWrite(tripId, caller);
        Trip trip = trips.lockForChange(tripId).orElseThrow(() -> ApiException.notFound("Trip"));
        requireWithinTrip(details.day(), trip);
        var added = ItineraryItem.add(UUID.randomUUID(), tripId, details, Times.now(clock));
        ItineraryItem item = items.saveAndFlush(added.aggregate());
        trips.flush();
        events.publish(added.event(), trip, caller.id(), state(item), null);
        return item;
    }

    @Transactional
    ItineraryItem update(Caller caller, UUID tripId, UUID itemId, ItineraryPatch patch) {
        permissions.requireWrite(tripId, caller);
        ItineraryItem item =
                items.findByIdAndTripId(itemId, tripId).orElseThrow(() -> ApiException.notFound("Itinerary item"));
        Trip trip = trips.lockForChange(tripId).orElseThrow(() -> ApiException.notFound("Trip"));
        ItineraryDetails current = item.details();
        List<FieldIssue> issues = new ArrayList<>();
        ItineraryDetails next = new ItineraryDetails(
                Patch.required(patch.getDay(), current.day(), "day", issues),
                Patch.required(patch.getTitle(), current.title(), "title", issues)
                        .trim(),
                Patch.clearable(patch.getDescription(), current.description()),
                patch.getActivities() == null
                        ? current.activities()
                        : patch.getActivities().orElse(List.of()),
                Patch.clearable(patch.getStartTime(), current.startTime()),
                Patch.clearable(patch.getEndTime(), current.endTime()),
                Patch.clearable(patch.getLocation(), current.location()));
        if (!issues.isEmpty()) {
            throw ApiException.unprocessable(issues);
        }
        requireWithinTrip(next.day(), trip);
        requireOrdered(next.startTime(), next.endTime());
        Optional<TripEventType> changed = item.apply(next, Times.now(clock));
        if (changed.isEmpty()) {
            return item;
        }
        items.saveAndFlush(item);
        trips.flush();
        events.publish(changed.get(), trip, caller.id(), state(item), null);
        return item;
    }

    @Transactional
    void remove(Caller caller, UUID tripId, UUID itemId) {
        permissions.requireWrite(tripId, caller);
        ItineraryItem item =
                items.findByIdAndTripId(itemId, tripId).orElseThrow(() -> ApiException.notFound("Itinerary item"));
        Trip trip = trips.lockForChange(tripId).orElseThrow(() -> ApiException.notFound("Trip"));
        TripEventType removed = item.remove();
        items.delete(item);
        items.flush();
        trips.flush();
        events.publish(removed, trip, caller.id(), state(item), null);
    }

    private static void requireWithinTrip(int day, Trip trip) {
        if (day > trip.lengthInDays()) {
            throw ApiException.invalid(
                    "day", "must be between 1 and " + trip.lengthInDays() + ", the trip's length in days");
        }
    }

    private static void requireOrdered(LocalTime start, LocalTime end) {
        if (start != null && end != null && !end.isAfter(start)) {
            throw ApiException.invalid("end_time", "must be after start_time");
        }
    }

    static io.travya.events.ItineraryItem state(ItineraryItem item) {
        return io.travya.events.ItineraryItem.newBuilder()
                .setId(item.getId())
                .setTripId(item.getTripId())
                .setDay(item.getDay())
                .setTitle(item.getTitle())
                .setDescription(item.getDescription())
                .setActivities(item.getActivities())
                .setStartTime(item.getStartTime())
                .setEndTime(item.getEndTime())
                .setLocation(item.getLocation())
                .setCreatedAt(item.getCreatedAt())
                .setUpdatedAt(item.getUpdatedAt())
                .build();
    }
}
