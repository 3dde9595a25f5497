package io.travya.conversation.tripcontext;

import io.travya.events.ItineraryItem;
import io.travya.events.Trip;
import io.travya.events.TripEvent;
import io.travya.events.TripEventType;
import io.travya.tripaccess.TripEventHook;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps each trip's details and itinerary from travya.trips. It runs in the transaction in which the
 * replica of trip access applies an event, once per trip version and only for a version newer than
 * the one held, so a redelivered or late event changes nothing here either. The version guards in
 * the statements say the same thing again, so the tables stay right whoever calls.
 */
@Component
class TripContextHook implements TripEventHook {

    private final JdbcClient jdbc;

    TripContextHook(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void applied(TripEvent event) {
        UUID tripId = event.getAggregateId();
        long version = event.getAggregateVersion();
        if (event.getEventType() == TripEventType.TripDeleted) {
            forget(tripId);
            return;
        }
        Trip trip = event.getTrip();
        jdbc.sql("""
                        INSERT INTO trip_context (trip_id, version, title, destination, start_date, end_date, budget,
                            description, status, trip_type)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (trip_id) DO UPDATE SET version = EXCLUDED.version, title = EXCLUDED.title,
                            destination = EXCLUDED.destination, start_date = EXCLUDED.start_date,
                            end_date = EXCLUDED.end_date, budget = EXCLUDED.budget,
                            description = EXCLUDED.description, status = EXCLUDED.status,
                            trip_type = EXCLUDED.trip_type
                        WHERE trip_context.version < EXCLUDED.version
                        """)
                .params(
                        tripId,
                        version,
                        trip.getTitle(),
                        trip.getDestination(),
                        trip.getStartDate(),
                        trip.getEndDate(),
                        trip.getBudget(),
                        trip.getDescription(),
                        trip.getStatus(),
                        trip.getTripType())
                .update();
        ItineraryItem item = event.getItineraryItem();
        if (item == null) {
            return;
        }
        // a switch expression, so that a new trip event type does not compile until it says what it
        // does to the itinerary
        Runnable itineraryChange = switch (event.getEventType()) {
            case ItineraryItemAdded, ItineraryItemUpdated -> () -> keep(tripId, version, item);
            case ItineraryItemRemoved ->
                () -> jdbc.sql("DELETE FROM trip_itinerary_item WHERE id = ? AND trip_version < ?")
                        .params(item.getId(), version)
                        .update();
            // other events carry the item they are about only as context: nothing to change
            case TripCreated,
                    TripUpdated,
                    TripStatusChanged,
                    TripDeleted,
                    CollaboratorInvited,
                    CollaboratorAccepted,
                    CollaboratorDeclined,
                    CollaboratorRoleChanged,
                    CollaboratorRemoved,
                    Unknown -> () -> {};
        };
        itineraryChange.run();
    }

    private void keep(UUID tripId, long version, ItineraryItem item) {
        jdbc.sql("""
                        INSERT INTO trip_itinerary_item (id, trip_id, trip_version, day, title, description,
                            activities, start_time, end_time, location)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET trip_version = EXCLUDED.trip_version, day = EXCLUDED.day,
                            title = EXCLUDED.title, description = EXCLUDED.description,
                            activities = EXCLUDED.activities, start_time = EXCLUDED.start_time,
                            end_time = EXCLUDED.end_time, location = EXCLUDED.location
                        WHERE trip_itinerary_item.trip_version < EXCLUDED.trip_version
                        """)
                .params(
                        item.getId(),
                        tripId,
                        version,
                        item.getDay(),
                        item.getTitle(),
                        item.getDescription(),
                        item.getActivities().stream().map(Object::toString).toArray(String[]::new),
                        item.getStartTime(),
                        item.getEndTime(),
                        item.getLocation())
                .update();
    }

    /** A deleted trip leaves nothing behind here; its access row (deleted) keeps late events out. */
    private void forget(UUID tripId) {
        jdbc.sql("DELETE FROM trip_itinerary_item WHERE trip_id = ?")
                .param(tripId)
                .update();
        jdbc.sql("DELETE FROM trip_booking WHERE trip_id = ?").param(tripId).update();
        jdbc.sql("DELETE FROM trip_context WHERE trip_id = ?").param(tripId).update();
    }
}
