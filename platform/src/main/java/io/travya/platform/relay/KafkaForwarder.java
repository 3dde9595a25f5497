package io.travya.platform.relay;

import io.debezium.connector.AbstractSourceInfo;
import io.debezium.data.Envelope;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.travya.platform.events.SinceCommit;
import io.travya.platform.outbox.OutboxWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import org.apache.kafka.connect.data.Struct;
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
                "From the commit of an event's transaction (PostgreSQL's commit timestamp) to Kafka's acknowledgement",
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
     * Sends an outbox row's event, and once Kafka has acknowledged it, has its row deleted; heartbeats and
     * anything else that is not an inserted outbox row: nothing to send.
     *
     * <p>The record is built here from the change event's row, not by Debezium's Outbox Event Router:
     * the router copied every record (and, with OpenTelemetry on the class path, opened two spans per
     * record for its tracing) to produce what these few lines read directly (ARCHITECTURE.md, "Relay
     * throughput"). Topic, key, payload and headers are the router's, as it was configured.
     */
    private InFlight send(ChangeEvent<SourceRecord, SourceRecord> change) {
        Struct row = insertedRow(change.value());
        byte[] payload = row == null ? null : bytes(row.get(OutboxWriter.PAYLOAD));
        if (payload == null) {
            return new InFlight(change, null, null);
        }
        String eventId = row.getString(OutboxWriter.ID);
        RecordHeaders headers = new RecordHeaders();
        headers.add(EVENT_ID_HEADER, eventId.getBytes(StandardCharsets.UTF_8));
        headers.add(EVENT_TYPE_HEADER, row.getString(OutboxWriter.EVENT_TYPE).getBytes(StandardCharsets.UTF_8));
        // the trace of the request that caused the event, continued by every consumer; a row written
        // outside any trace has none, and one committed before the column existed has no such field
        Object traceparent =
                row.schema().field(OutboxWriter.TRACEPARENT) == null ? null : row.get(OutboxWriter.TRACEPARENT);
        if (traceparent != null) {
            headers.add(OutboxWriter.TRACEPARENT, traceparent.toString().getBytes(StandardCharsets.UTF_8));
        }
        Instant committed = commitTime(change.value());
        UUID id = UUID.fromString(eventId);
        CompletableFuture<Void> pruned = new CompletableFuture<>();
        Future<RecordMetadata> ack = producer.send(
                new ProducerRecord<>(
                        row.getString(OutboxWriter.AGGREGATE_TYPE),
                        null,
                        // the record's timestamp is its transaction's commit, so every consumer can time
                        // its own effect from the commit (SinceCommit)
                        committed == null ? null : committed.toEpochMilli(),
                        row.getString(OutboxWriter.AGGREGATE_ID),
                        payload,
                        headers),
                (metadata, error) -> {
                    if (error == null) {
                        commitToKafka.record(committed);
                        published.increment();
                        // the row goes only now: until Kafka has the event, it counts as waiting
                        deleteRow.apply(id).whenComplete((deleted, failure) -> {
                            if (failure == null) {
                                pruned.complete(null);
                            } else {
                                pruned.completeExceptionally(failure);
                            }
                        });
                    } else {
                        pruned.complete(null);
                        if (refused == null) {
                            refused = error;
                        }
                    }
                });
        return new InFlight(change, ack, pruned);
    }

    /**
     * The outbox row a change event inserted; null for anything else: a heartbeat, and any other
     * operation (the publication carries inserts only, and the router skipped the rest too).
     */
    private static Struct insertedRow(SourceRecord record) {
        if (record == null
                || !(record.value() instanceof Struct change)
                || record.valueSchema() == null
                || record.valueSchema().name() == null
                || !Envelope.isEnvelopeSchema(record.valueSchema())) {
            return null;
        }
        String operation = change.getString(Envelope.FieldName.OPERATION);
        if (!Envelope.Operation.CREATE.code().equals(operation)
                && !Envelope.Operation.READ.code().equals(operation)) {
            return null;
        }
        return change.getStruct(Envelope.FieldName.AFTER);
    }

    /**
     * When the row's transaction committed, as PostgreSQL wrote it in the WAL: Debezium's source block
     * carries it with every change. The publication leaves occurred_at out (platform-8 in the platform
     * changelog): converting that column was an eighth of the relay's work per event.
     */
    private static Instant commitTime(SourceRecord record) {
        Struct source = ((Struct) record.value()).getStruct(Envelope.FieldName.SOURCE);
        if (source == null || source.schema().field(AbstractSourceInfo.TIMESTAMP_US_KEY) == null) {
            return null;
        }
        Long micros = source.getInt64(AbstractSourceInfo.TIMESTAMP_US_KEY);
        return micros == null ? null : Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
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
}
