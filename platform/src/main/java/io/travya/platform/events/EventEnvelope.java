package io.travya.platform.events;

import java.time.Instant;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * The fields every Travya event starts with, read from any of the generated event classes.
 */
public record EventEnvelope(
        UUID eventId, String eventType, Instant occurredAt, UUID aggregateId, long aggregateVersion, UUID actorId) {

    public static EventEnvelope of(SpecificRecord event) {
        var schema = event.getSchema();
        return new EventEnvelope(
                (UUID) event.get(schema.getField("event_id").pos()),
                event.get(schema.getField("event_type").pos()).toString(),
                (Instant) event.get(schema.getField("occurred_at").pos()),
                (UUID) event.get(schema.getField("aggregate_id").pos()),
                (Long) event.get(schema.getField("aggregate_version").pos()),
                (UUID) event.get(schema.getField("actor_id").pos()));
    }
}
