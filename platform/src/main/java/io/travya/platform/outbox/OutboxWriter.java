package io.travya.platform.outbox;

import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.travya.events.DateRange;
import io.travya.events.EventTopic;
import io.travya.platform.events.AvroEventSerializer;
import io.travya.platform.events.EventEnvelope;
import io.travya.platform.events.TopicNames;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes an event into the service's outbox table inside the caller's transaction, so that the event
 * exists if and only if the change it describes was committed. Nothing is sent to Kafka here; the
 * relay publishes what the WAL shows was committed, and deletes the row once Kafka has it.
 *
 * <p>The W3C trace context of the work that caused the change (the request, or the consumed event)
 * goes with the row; the relay copies it to the record's {@code traceparent} header, so every consumer
 * continues the same trace.
 */
public class OutboxWriter {

    // the outbox table's columns (platform's changelog), which the relay reads back from the WAL
    public static final String ID = "id";
    /** The topic the event goes to. */
    public static final String AGGREGATE_TYPE = "aggregate_type";
    /** The Kafka key. */
    public static final String AGGREGATE_ID = "aggregate_id";

    public static final String EVENT_TYPE = "event_type";
    /** The event in Avro, Confluent wire format. */
    public static final String PAYLOAD = "payload";

    public static final String OCCURRED_AT = "occurred_at";
    /** The W3C Trace Context field, as column, Kafka header and HTTP header. */
    public static final String TRACEPARENT = "traceparent";

    private final JdbcClient jdbc;
    private final AvroEventSerializer serializer;
    private final TopicNames topics;
    private final Tracer tracer;
    private final Propagator propagator;
    private final String insert;

    public OutboxWriter(
            JdbcClient jdbc,
            AvroEventSerializer serializer,
            TopicNames topics,
            String schema,
            Tracer tracer,
            Propagator propagator) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.topics = topics;
        this.tracer = tracer;
        this.propagator = propagator;
        this.insert = "INSERT INTO " + schema + ".outbox ("
                + String.join(", ", ID, AGGREGATE_TYPE, AGGREGATE_ID, EVENT_TYPE, PAYLOAD, OCCURRED_AT, TRACEPARENT)
                + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
    }

    /**
     * Appends the event to the outbox.
     *
     * @param key the Kafka key: the id of the aggregate whose order matters (the trip for everything
     *     that belongs to a trip)
     * @throws DateRange.OutOfRange if the event holds a date or time outside 1900-01-01..9999-12-31:
     *     the APIs refuse such values, and a record some consumers cannot decode would stay on a
     *     topic that keeps every record forever
     */
    public void append(Object key, SpecificRecord event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("An event must be written in the transaction of the change it describes");
        }
        DateRange.requireWithin(event);
        EventEnvelope envelope = EventEnvelope.of(event);
        String unknown = event.getSchema().getField("event_type").schema().getEnumDefault();
        if (envelope.eventType().equals(unknown)) {
            // the default is what an older consumer reads for a type it does not know, never a change
            throw new IllegalArgumentException("An event's type is never " + unknown + ": "
                    + event.getSchema().getName());
        }
        byte[] payload = serializer.serialize(event);
        jdbc.sql(insert)
                .params(
                        envelope.eventId(),
                        topics.of(EventTopic.forRecord(event)),
                        key.toString(),
                        // the symbol's name, as in the event_type header the relay copies from this column
                        envelope.eventType(),
                        payload,
                        Timestamp.from(envelope.occurredAt()),
                        traceparent())
                .update();
        // the relay reads the insert from the WAL and deletes the row once Kafka has the event: what
        // the table holds is the relay's backlog (io.travya.platform.relay.OutboxBacklog)
    }

    /** The current span's context as a W3C {@code traceparent}, or null outside any trace. */
    private String traceparent() {
        TraceContext context = tracer.currentTraceContext().context();
        if (context == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(context, carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }
}
