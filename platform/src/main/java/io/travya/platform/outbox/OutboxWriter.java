package io.travya.platform.outbox;

import io.travya.events.EventTopic;
import io.travya.platform.events.AvroEventSerializer;
import io.travya.platform.events.EventEnvelope;
import io.travya.platform.events.TopicNames;
import java.sql.Timestamp;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes an event into the service's outbox table inside the caller's transaction, so that the event
 * exists if and only if the change it describes was committed. Nothing is sent to Kafka here; the
 * relay publishes what the WAL shows was committed.
 */
public class OutboxWriter {

    private final JdbcClient jdbc;
    private final AvroEventSerializer serializer;
    private final TopicNames topics;
    private final String insert;
    private final String delete;

    public OutboxWriter(JdbcClient jdbc, AvroEventSerializer serializer, TopicNames topics, String schema) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.topics = topics;
        this.insert = "INSERT INTO " + schema + ".outbox (id, aggregate_type, aggregate_id, event_type, payload, "
                + "occurred_at) VALUES (?, ?, ?, ?, ?, ?)";
        this.delete = "DELETE FROM " + schema + ".outbox WHERE id = ?";
    }

    /**
     * Appends the event to the outbox.
     *
     * @param key the Kafka key: the id of the aggregate whose order matters (the trip for everything
     *     that belongs to a trip)
     */
    public void append(Object key, SpecificRecord event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("An event must be written in the transaction of the change it describes");
        }
        EventEnvelope envelope = EventEnvelope.of(event);
        byte[] payload = serializer.serialize(event);
        jdbc.sql(insert)
                .params(
                        envelope.eventId(),
                        topics.of(EventTopic.forRecord(event)),
                        key.toString(),
                        envelope.eventType(),
                        payload,
                        Timestamp.from(envelope.occurredAt()))
                .update();
        // the WAL keeps the insert for the relay; the table itself stays empty
        jdbc.sql(delete).param(envelope.eventId()).update();
    }
}
