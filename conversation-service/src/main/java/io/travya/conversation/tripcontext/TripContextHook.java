package io.travya.conversation.tripcontext;

import io.travya.events.ItineraryItem;
import io.travya.events.Trip;
import io.travya.events.TripEvent;
import io.travya.events.TripEventType;
import io.travya.tripaccess.TripEventHook;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.stereotype.Component;

/**
 * Keeps each trip's details and itinerary from travya.trips. It runs in the transaction in which the
 * replica of trip access applies an event, once per trip version and only for a version newer than
 * the one held, so a redelivered or late event changes nothing here either. The version guards in
 * the statements say the same thing again, so the tables stay right whoever calls.
 *
 * <p>A poll's events arrive together and go to the database as one JDBC batch per statement: the
 * trips' details in the poll's order, then the items kept, then the items removed, then what the
 * trips deleted leave behind. Running each kind after the one before it gives what one event at a time
 * would: an item is removed after it was kept, and a deleted trip has no later version to keep.
 */
@Component
class TripContextHook implements TripEventHook {

    private static final String KEEP_TRIP = """
            INSERT INTO trip_context (trip_id, version, title, destination, start_date, end_date, budget,
                description, status, trip_type)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (trip_id) DO UPDATE SET version = EXCLUDED.version, title = EXCLUDED.title,
                destination = EXCLUDED.destination, start_date = EXCLUDED.start_date,
                end_date = EXCLUDED.end_date, budget = EXCLUDED.budget,
                description = EXCLUDED.description, status = EXCLUDED.status,
                trip_type = EXCLUDED.trip_type
            WHERE trip_context.version < EXCLUDED.version
            """;

    private static final String KEEP_ITEM = """
            INSERT INTO trip_itinerary_item (id, trip_id, trip_version, day, title, description,
                activities, start_time, end_time, location)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET trip_version = EXCLUDED.trip_version, day = EXCLUDED.day,
                title = EXCLUDED.title, description = EXCLUDED.description,
                activities = EXCLUDED.activities, start_time = EXCLUDED.start_time,
                end_time = EXCLUDED.end_time, location = EXCLUDED.location
            WHERE trip_itinerary_item.trip_version < EXCLUDED.trip_version
            """;

    private static final String REMOVE_ITEM = "DELETE FROM trip_itinerary_item WHERE id = ? AND trip_version < ?";

    private final JdbcOperations jdbc;

    TripContextHook(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void applied(TripEvent event) {
        appliedAll(List.of(event));
    }

    @Override
    public void appliedAll(List<TripEvent> events) {
        List<Object[]> trips = new ArrayList<>();
        List<Object[]> keptItems = new ArrayList<>();
        List<Object[]> removedItems = new ArrayList<>();
        List<Object[]> deletedTrips = new ArrayList<>();
        for (TripEvent event : events) {
            UUID tripId = event.getAggregateId();
            long version = event.getAggregateVersion();
            if (event.getEventType() == TripEventType.TripDeleted) {
                deletedTrips.add(new Object[] {tripId});
                continue;
            }
            Trip trip = event.getTrip();
            trips.add(new Object[] {
                tripId,
                version,
                trip.getTitle(),
                trip.getDestination(),
                trip.getStartDate(),
                trip.getEndDate(),
                trip.getBudget(),
                trip.getDescription(),
                trip.getStatus(),
                trip.getTripType()
            });
            ItineraryItem item = event.getItineraryItem();
            if (item == null) {
                continue;
            }
            // a switch expression, so that a new trip event type does not compile until it says what it
            // does to the itinerary
            Runnable itineraryChange = switch (event.getEventType()) {
                case ItineraryItemAdded, ItineraryItemUpdated -> () -> keptItems.add(itemRow(tripId, version, item));
                case ItineraryItemRemoved -> () -> removedItems.add(new Object[] {item.getId(), version});
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
        batch(KEEP_TRIP, trips);
        batch(KEEP_ITEM, keptItems);
        batch(REMOVE_ITEM, removedItems);
        // a deleted trip leaves nothing behind here; its access row (deleted) keeps late events out
        batch("DELETE FROM trip_itinerary_item WHERE trip_id = ?", deletedTrips);
        batch("DELETE FROM trip_booking WHERE trip_id = ?", deletedTrips);
        batch("DELETE FROM trip_context WHERE trip_id = ?", deletedTrips);
    }

    private static Object[] itemRow(UUID tripId, long version, ItineraryItem item) {
        return new Object[] {
            item.getId(),
            tripId,
            version,
            item.getDay(),
            item.getTitle(),
            item.getDescription(),
            item.getActivities().stream().map(Object::toString).toArray(String[]::new),
            item.getStartTime(),
            item.getEndTime(),
            item.getLocation()
        };
    }

    private void batch(String sql, List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(sql, rows);
        }
    }
}
