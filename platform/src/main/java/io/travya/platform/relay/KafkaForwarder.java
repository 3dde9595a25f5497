package io.travya.platform.relay;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.travya.platform.events.SinceCommit;
import io.travya.platform.outbox.OutboxWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Publishes the outbox records the engine hands over without waiting for Kafka, and tells the engine
 * a record is processed only once Kafka has acknowledged it and every record before it (acks=all,
 * idempotent producer): the engine saves its position only for processed records, so a crash at any
 * point publishes again rather than loses. At-least-once, in WAL order.
 *
 * <p>This is how Kafka Connect's source tasks have sent since KAFKA-12226: records stay in flight in
 * WAL order while the engine polls the next batch, and only the acknowledged prefix is marked. Marks
 * are made on the engine's thread, inside {@link #handleBatch}, never from the producer's callback:
 * Debezium's committer is not thread-safe, and the PostgreSQL connector confirms to the slot, at its
 * next poll, whatever was marked, so a mark racing with an offset flush could confirm a position the
 * offset store does not hold yet. So what Kafka acknowledged after the last batch is marked at the next
 * one (at the latest the next heartbeat, when the outbox is idle), and what is in flight when the
 * relay stops is delivered by the producer's close and published again after the restart.
 *
 * <p>At most {@code maxInFlight} records wait for their acknowledgement; beyond that the engine waits
 * for the oldest, which holds back Debezium's queue and, behind it, the slot (back-pressure).
 */
class KafkaForwarder implements DebeziumEngine.ChangeConsumer<ChangeEvent<SourceRecord, SourceRecord>> {

    static final String EVENT_ID_HEADER = "event_id";
    static final String EVENT_TYPE_HEADER = "event_type";

    /** A record handed over by the engine, in WAL order; {@code ack} is null for what is not published. */
    private record InFlight(ChangeEvent<SourceRecord, SourceRecord> change, Future<RecordMetadata> ack) {

        boolean acknowledged() throws InterruptedException {
            return ack == null || ack.isDone() && delivered(false);
        }

        /** Whether Kafka took the record, waiting for its answer if asked to; a refusal fails the relay. */
        boolean delivered(boolean wait) throws InterruptedException {
            if (!wait && !ack.isDone()) {
                return false;
            }
            try {
                ack.get();
                return true;
            } catch (ExecutionException e) {
                throw new IllegalStateException("Kafka did not acknowledge an outbox event", e.getCause());
            }
        }
    }

    private final Producer<String, byte[]> producer;
    private final int maxInFlight;
    private final SinceCommit commitToKafka;
    private final Counter published;
    /** Engine thread only. */
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    /** The first send Kafka refused: nothing more is sent, and the engine fails at its next batch. */
    private volatile Exception refused;

    KafkaForwarder(Producer<String, byte[]> producer, int maxInFlight, MeterRegistry meters, String service) {
        this.producer = producer;
        this.maxInFlight = maxInFlight;
        this.commitToKafka = new SinceCommit(
                meters,
                "travya.relay.commit.to.kafka",
                "From an event's occurred_at (inside its transaction) to Kafka's acknowledgement",
                "service",
                service);
        this.published = Counter.builder("travya.relay.events.published")
                .tag("service", service)
                .register(meters);
    }

    @Override
    public void handleBatch(
            List<ChangeEvent<SourceRecord, SourceRecord>> records,
            DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        for (ChangeEvent<SourceRecord, SourceRecord> change : records) {
            if (refused != null) {
                throw new IllegalStateException("Kafka did not acknowledge an outbox event", refused);
            }
            if (inFlight.size() >= maxInFlight) {
                markAcknowledged(committer);
                if (inFlight.size() >= maxInFlight) {
                    inFlight.peekFirst().delivered(true);
                    markAcknowledged(committer);
                }
            }
            inFlight.addLast(new InFlight(change, send(change.value())));
        }
        markAcknowledged(committer);
        committer.markBatchFinished();
    }

    /** Marks processed the records at the head that Kafka has acknowledged, in order, up to the first that it has not. */
    private void markAcknowledged(DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        while (!inFlight.isEmpty() && inFlight.peekFirst().acknowledged()) {
            committer.markProcessed(inFlight.pollFirst().change());
        }
    }

    /** Sends an outbox record; heartbeats and anything else that is not an outbox row: nothing to send. */
    private Future<RecordMetadata> send(SourceRecord record) {
        byte[] payload = record == null ? null : bytes(record.value());
        if (payload == null) {
            return null;
        }
        RecordHeaders headers = new RecordHeaders();
        Instant occurredAt = null;
        for (Header header : record.headers()) {
            if (header.value() == null) {
                // a row written outside any trace has no traceparent
                continue;
            }
            String value = String.valueOf(header.value());
            switch (header.key()) {
                case "id" -> headers.add(EVENT_ID_HEADER, value.getBytes(StandardCharsets.UTF_8));
                case "event_type" -> headers.add(EVENT_TYPE_HEADER, value.getBytes(StandardCharsets.UTF_8));
                case "occurred_at" -> occurredAt = parseInstant(value);
                // the trace of the request that caused the event, continued by every consumer
                case OutboxWriter.TRACEPARENT ->
                    headers.add(OutboxWriter.TRACEPARENT, value.getBytes(StandardCharsets.UTF_8));
                default -> {}
            }
        }
        Instant occurred = occurredAt;
        return producer.send(
                new ProducerRecord<>(record.topic(), null, null, String.valueOf(record.key()), payload, headers),
                (metadata, error) -> {
                    if (error == null) {
                        commitToKafka.record(occurred);
                        published.increment();
                    } else if (refused == null) {
                        refused = error;
                    }
                });
    }

    private static byte[] bytes(Object value) {
        if (value instanceof byte[] array) {
            return array;
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] array = new byte[buffer.remaining()];
            buffer.duplicate().get(array);
            return array;
        }
        return null;
    }

    private static Instant parseInstant(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
