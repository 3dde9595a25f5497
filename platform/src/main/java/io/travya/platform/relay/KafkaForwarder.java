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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
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
 * <p>A record counts as processed only once its outbox row is deleted too ({@link OutboxPruner}), after
 * Kafka's acknowledgement: the rows left in the outbox are the relay's backlog in events.
 *
 * <p>At most {@code maxInFlight} records wait for their acknowledgement; beyond that the engine waits
 * for the oldest, which holds back Debezium's queue and, behind it, the slot (back-pressure).
 */
class KafkaForwarder implements DebeziumEngine.ChangeConsumer<ChangeEvent<SourceRecord, SourceRecord>> {

    static final String EVENT_ID_HEADER = "event_id";
    static final String EVENT_TYPE_HEADER = "event_type";

    /**
     * A record handed over by the engine, in WAL order; {@code ack} is null for what is not published.
     * {@code pruned} completes once Kafka has acknowledged the event and its outbox row is deleted.
     */
    private record InFlight(
            ChangeEvent<SourceRecord, SourceRecord> change,
            Future<RecordMetadata> ack,
            CompletableFuture<Void> pruned) {

        boolean acknowledged() throws InterruptedException {
            return ack == null || ack.isDone() && settled(false);
        }

        /**
         * Whether Kafka took the record and its row is gone, waiting for both if asked to; a refusal,
         * or a row that could not be deleted, fails the relay.
         */
        boolean settled(boolean wait) throws InterruptedException {
            if (!wait && !(ack.isDone() && pruned.isDone())) {
                return false;
            }
            try {
                ack.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("Kafka did not acknowledge an outbox event", e.getCause());
            }
            try {
                pruned.get();
                return true;
            } catch (ExecutionException e) {
                throw new IllegalStateException("The relayed event's outbox row was not deleted", e.getCause());
            }
        }
    }

    private final Producer<String, byte[]> producer;
    /** Deletes an event's outbox row ({@link OutboxPruner#prune}); completes once it is gone. */
    private final Function<UUID, CompletableFuture<Void>> deleteRow;

    private final int maxInFlight;
    private final SinceCommit commitToKafka;
    private final Counter published;
    /** Engine thread only. */
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    /** The first send Kafka refused: nothing more is sent, and the engine fails at its next batch. */
    private volatile Exception refused;

    KafkaForwarder(
            Producer<String, byte[]> producer,
            Function<UUID, CompletableFuture<Void>> deleteRow,
            int maxInFlight,
            MeterRegistry meters,
            String service) {
        this.producer = producer;
        this.deleteRow = deleteRow;
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
                    inFlight.peekFirst().settled(true);
                    markAcknowledged(committer);
                }
            }
            inFlight.addLast(send(change));
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

    /**
     * Sends an outbox record, and once Kafka has acknowledged it, has its row deleted; heartbeats and
     * anything else that is not an outbox row: nothing to send.
     */
    private InFlight send(ChangeEvent<SourceRecord, SourceRecord> change) {
        SourceRecord record = change.value();
        byte[] payload = record == null ? null : bytes(record.value());
        if (payload == null) {
            return new InFlight(change, null, null);
        }
        RecordHeaders headers = new RecordHeaders();
        Instant occurredAt = null;
        UUID eventId = null;
        for (Header header : record.headers()) {
            if (header.value() == null) {
                // a row written outside any trace has no traceparent
                continue;
            }
            String value = String.valueOf(header.value());
            switch (header.key()) {
                case "id" -> {
                    headers.add(EVENT_ID_HEADER, value.getBytes(StandardCharsets.UTF_8));
                    eventId = UUID.fromString(value);
                }
                case "event_type" -> headers.add(EVENT_TYPE_HEADER, value.getBytes(StandardCharsets.UTF_8));
                case "occurred_at" -> occurredAt = parseInstant(value);
                // the trace of the request that caused the event, continued by every consumer
                case OutboxWriter.TRACEPARENT ->
                    headers.add(OutboxWriter.TRACEPARENT, value.getBytes(StandardCharsets.UTF_8));
                default -> {}
            }
        }
        Instant occurred = occurredAt;
        UUID id = eventId;
        CompletableFuture<Void> pruned = new CompletableFuture<>();
        Future<RecordMetadata> ack = producer.send(
                new ProducerRecord<>(record.topic(), null, null, String.valueOf(record.key()), payload, headers),
                (metadata, error) -> {
                    if (error == null) {
                        commitToKafka.record(occurred);
                        published.increment();
                        // the row goes only now: until Kafka has the event, it counts as waiting
                        if (id == null) {
                            pruned.complete(null);
                        } else {
                            deleteRow.apply(id).whenComplete((deleted, failure) -> {
                                if (failure == null) {
                                    pruned.complete(null);
                                } else {
                                    pruned.completeExceptionally(failure);
                                }
                            });
                        }
                    } else {
                        pruned.complete(null);
                        if (refused == null) {
                            refused = error;
                        }
                    }
                });
        return new InFlight(change, ack, pruned);
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
