package io.travya.trip.trip;

import io.travya.events.Collaborator;
import io.travya.events.ItineraryItem;
import io.travya.events.TripEvent;
import io.travya.events.TripEventType;
import io.travya.platform.outbox.OutboxWriter;
import io.travya.trip.Times;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Publishes, through the outbox, every change to a trip, its itinerary or its collaborators on
 * travya.trips, keyed by trip id. Each event carries the trip and all its collaborators as they are
 * after the change, so that the latest event alone says who may see the trip.
 */
@Component
public class TripEvents {

    private final OutboxWriter outbox;
    private final JdbcClient jdbc;
    private final Clock clock;

    TripEvents(OutboxWriter outbox, JdbcClient jdbc, Clock clock) {
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Call after the change is flushed, in its transaction, with the type the aggregate returned. */
    public void publish(TripEventType type, Trip trip, UUID actor) {
        publish(type, trip, actor, null, null);
    }

    public void publish(TripEventType type, Trip trip, UUID actor, ItineraryItem item, Collaborator collaborator) {
        TripEvent event = TripEvent.newBuilder()
                .setEventId(UUID.randomUUID())
                .setEventType(type)
                .setOccurredAt(Times.now(clock))
                .setAggregateId(trip.getId())
                .setAggregateVersion(trip.getVersion())
                .setActorId(actor)
                .setTrip(state(trip))
                .setCollaborators(collaborators(trip.getId()))
                .setItineraryItem(item)
                .setCollaborator(collaborator)
                .build();
        outbox.append(trip.getId(), event);
    }

    public static io.travya.events.Trip state(Trip trip) {
        return io.travya.events.Trip.newBuilder()
                .setId(trip.getId())
                .setUserId(trip.getOwnerId())
                .setTitle(trip.getTitle())
                .setDestination(trip.getDestination())
                .setStartDate(trip.getStartDate())
                .setEndDate(trip.getEndDate())
                .setBudget(trip.getBudget())
                .setDescription(trip.getDescription())
                .setStatus(trip.getStatus().value())
                .setTripType(trip.getTripType().value())
                .setCreatedAt(trip.getCreatedAt())
                .setUpdatedAt(trip.getUpdatedAt())
                .build();
    }

    private List<Collaborator> collaborators(UUID tripId) {
        return jdbc.sql("""
                        SELECT id, trip_id, user_id, inviter_id, role, status, invited_at, accepted_at
                        FROM trip_collaborators WHERE trip_id = ? ORDER BY invited_at, id
                        """)
                .param(tripId)
                .query((rs, n) -> Collaborator.newBuilder()
                        .setId(rs.getObject(1, UUID.class))
                        .setTripId(rs.getObject(2, UUID.class))
                        .setUserId(rs.getObject(3, UUID.class))
                        .setInviterId(rs.getObject(4, UUID.class))
                        .setRole(rs.getString(5))
                        .setStatus(rs.getString(6))
                        .setInvitedAt(instant(rs.getTimestamp(7)))
                        .setAcceptedAt(instant(rs.getTimestamp(8)))
                        .build())
                .list();
    }

    private static java.time.Instant instant(Timestamp timestamp) {
        // timestamps are stored as UTC without a zone
        return timestamp == null ? null : timestamp.toLocalDateTime().toInstant(java.time.ZoneOffset.UTC);
    }
}
