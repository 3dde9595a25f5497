package io.travya.platform.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debezium.connector.AbstractSourceInfo;
import io.debezium.data.Envelope;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.travya.platform.outbox.OutboxWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * When the forwarder tells the engine a record is processed (which lets the relay's position pass it):
 * only once Kafka has acknowledged the event and its outbox row is deleted, in WAL order.
 */
class KafkaForwarderTest {

    private final MockProducer<String, byte[]> kafka =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    /** The deletions asked for, by event id, completed by each test. */
    private final Map<UUID, CompletableFuture<Void>> deletions = new LinkedHashMap<>();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final KafkaForwarder forwarder = new KafkaForwarder(
            kafka,
            eventId -> deletions.computeIfAbsent(eventId, id -> new CompletableFuture<>()),
            8192,
            meters,
            "trip-service");
    private final Committer committer = new Committer();

    @Test
    void aRecordIsProcessedOnlyOnceKafkaAcknowledgedItAndItsRowIsDeleted() throws Exception {
        ChangeEvent<SourceRecord, SourceRecord> first = outboxRow();
        ChangeEvent<SourceRecord, SourceRecord> second = outboxRow();

        forwarder.handleBatch(List.of(first, second), committer);
        assertThat(deletions).as("nothing deleted before Kafka has it").isEmpty();

        kafka.completeNext();
        forwarder.handleBatch(List.of(), committer);
        assertThat(deletions).hasSize(1);
        assertThat(committer.processed).as("acknowledged, row not yet deleted").isEmpty();

        deletions.values().iterator().next().complete(null);
        forwarder.handleBatch(List.of(), committer);
        assertThat(committer.processed).containsExactly(first);

        kafka.completeNext();
        deletions.values().forEach(deletion -> deletion.complete(null));
        forwarder.handleBatch(List.of(), committer);
        assertThat(committer.processed).containsExactly(first, second);
    }

    @Test
    void aRowThatCouldNotBeDeletedFailsTheRelayWithoutMarkingItsRecord() throws Exception {
        ChangeEvent<SourceRecord, SourceRecord> row = outboxRow();
        forwarder.handleBatch(List.of(row), committer);
        kafka.completeNext();

        deletions.values().iterator().next().completeExceptionally(new IllegalStateException("connection lost"));

        assertThatThrownBy(() -> forwarder.handleBatch(List.of(), committer))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outbox row was not deleted");
        assertThat(committer.processed).isEmpty();
    }

    @Test
    void aRecordKafkaRefusedHasItsRowKeptAndFailsTheRelay() throws Exception {
        forwarder.handleBatch(List.of(outboxRow()), committer);

        kafka.errorNext(new RuntimeException("not authorised"));

        assertThatThrownBy(() -> forwarder.handleBatch(List.of(), committer))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Kafka did not acknowledge");
        assertThat(deletions).isEmpty();
        assertThat(committer.processed).isEmpty();
    }

    @Test
    void anOutboxRowIsPublishedToItsAggregateTypesTopicKeyedByItsAggregateWithItsIdTypeAndTrace() throws Exception {
        UUID eventId = UUID.randomUUID();
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        forwarder.handleBatch(
                List.of(change(Envelope.Operation.CREATE, row(eventId, "travya.trips", "trip-1", traceparent))),
                committer);

        ProducerRecord<String, byte[]> sent = kafka.history().getFirst();
        assertThat(sent.topic()).isEqualTo("travya.trips");
        assertThat(sent.key()).isEqualTo("trip-1");
        assertThat(sent.value()).isEqualTo(PAYLOAD);
        assertThat(headers(sent))
                .containsExactly(
                        Map.entry(KafkaForwarder.EVENT_ID_HEADER, eventId.toString()),
                        Map.entry(KafkaForwarder.EVENT_TYPE_HEADER, "TripCreated"),
                        Map.entry(OutboxWriter.TRACEPARENT, traceparent));
    }

    @Test
    void aRowWrittenOutsideAnyTraceIsPublishedWithoutTraceparent() throws Exception {
        forwarder.handleBatch(
                List.of(change(Envelope.Operation.CREATE, row(UUID.randomUUID(), "travya.trips", "trip-1", null))),
                committer);

        assertThat(headers(kafka.history().getFirst()))
                .containsOnlyKeys(KafkaForwarder.EVENT_ID_HEADER, KafkaForwarder.EVENT_TYPE_HEADER);
    }

    @Test
    void commitToKafkaIsTimedFromTheTransactionsCommitAsTheWalCarriesItAndTheRecordIsStampedWithIt() throws Exception {
        Instant committed = Instant.now().minus(Duration.ofMinutes(1));

        forwarder.handleBatch(
                List.of(change(
                        Envelope.Operation.CREATE, row(UUID.randomUUID(), "travya.trips", "trip-1", null), committed)),
                committer);
        kafka.completeNext();

        assertThat(kafka.history().getFirst().timestamp()).isEqualTo(committed.toEpochMilli());

        Timer commitToKafka = meters.get("travya.relay.commit.to.kafka").timer();
        assertThat(commitToKafka.count()).isEqualTo(1);
        assertThat(commitToKafka.totalTime(TimeUnit.SECONDS)).isGreaterThanOrEqualTo(60);
    }

    @Test
    void heartbeatsAndChangesOtherThanInsertsAreNotPublishedButProcessedInOrder() throws Exception {
        Schema heartbeatSchema = SchemaBuilder.struct()
                .name("io.debezium.connector.common.Heartbeat")
                .field("ts_ms", Schema.INT64_SCHEMA)
                .build();
        ChangeEvent<SourceRecord, SourceRecord> heartbeat = event(new SourceRecord(
                null,
                null,
                "__debezium-heartbeat.trip-service",
                null,
                null,
                null,
                heartbeatSchema,
                new Struct(heartbeatSchema).put("ts_ms", System.currentTimeMillis())));
        ChangeEvent<SourceRecord, SourceRecord> deletion =
                change(Envelope.Operation.DELETE, row(UUID.randomUUID(), "travya.trips", "trip-1", null));
        ChangeEvent<SourceRecord, SourceRecord> inserted = outboxRow();

        forwarder.handleBatch(List.of(heartbeat, deletion, inserted), committer);

        assertThat(kafka.history()).hasSize(1);
        assertThat(committer.processed).containsExactly(heartbeat, deletion);
    }

    private static final byte[] PAYLOAD = "avro".getBytes(StandardCharsets.UTF_8);

    /** The outbox table's row as Debezium's change event carries it: the publication's columns (platform's changelog). */
    private static final Schema ROW = SchemaBuilder.struct()
            .name("trip-service.trips.outbox.Value")
            .field(
                    OutboxWriter.ID,
                    SchemaBuilder.string().name("io.debezium.data.Uuid").build())
            .field(OutboxWriter.AGGREGATE_TYPE, Schema.STRING_SCHEMA)
            .field(OutboxWriter.AGGREGATE_ID, Schema.STRING_SCHEMA)
            .field(OutboxWriter.EVENT_TYPE, Schema.STRING_SCHEMA)
            .field(OutboxWriter.PAYLOAD, Schema.BYTES_SCHEMA)
            .field(OutboxWriter.TRACEPARENT, Schema.OPTIONAL_STRING_SCHEMA)
            .optional()
            .build();

    /** The part of Debezium's source block the forwarder reads: the transaction's commit timestamp. */
    private static final Schema SOURCE = SchemaBuilder.struct()
            .name("io.debezium.connector.postgresql.Source")
            .field(AbstractSourceInfo.TIMESTAMP_US_KEY, Schema.OPTIONAL_INT64_SCHEMA)
            .optional()
            .build();

    private static final Envelope ENVELOPE = Envelope.defineSchema()
            .withName("trip-service.trips.outbox.Envelope")
            .withRecord(ROW)
            .withSource(SOURCE)
            .build();

    private static ChangeEvent<SourceRecord, SourceRecord> outboxRow() {
        return change(
                Envelope.Operation.CREATE,
                row(UUID.randomUUID(), "travya.trips", UUID.randomUUID().toString(), null));
    }

    private static Struct row(UUID eventId, String aggregateType, String aggregateId, String traceparent) {
        return new Struct(ROW)
                .put(OutboxWriter.ID, eventId.toString())
                .put(OutboxWriter.AGGREGATE_TYPE, aggregateType)
                .put(OutboxWriter.AGGREGATE_ID, aggregateId)
                .put(OutboxWriter.EVENT_TYPE, "TripCreated")
                .put(OutboxWriter.PAYLOAD, PAYLOAD)
                .put(OutboxWriter.TRACEPARENT, traceparent);
    }

    private static ChangeEvent<SourceRecord, SourceRecord> change(Envelope.Operation operation, Struct row) {
        return change(operation, row, Instant.now());
    }

    private static ChangeEvent<SourceRecord, SourceRecord> change(
            Envelope.Operation operation, Struct row, Instant committed) {
        Struct source = new Struct(SOURCE)
                .put(AbstractSourceInfo.TIMESTAMP_US_KEY, ChronoUnit.MICROS.between(Instant.EPOCH, committed));
        Struct value = operation == Envelope.Operation.DELETE
                ? ENVELOPE.delete(row, source, Instant.now())
                : ENVELOPE.create(row, source, Instant.now());
        return event(
                new SourceRecord(null, null, "trip-service.trips.outbox", null, null, null, ENVELOPE.schema(), value));
    }

    private static Map<String, String> headers(ProducerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static ChangeEvent<SourceRecord, SourceRecord> event(SourceRecord record) {
        return new ChangeEvent<>() {
            @Override
            public SourceRecord key() {
                return null;
            }

            @Override
            public SourceRecord value() {
                return record;
            }

            @Override
            public String destination() {
                return record.topic();
            }

            @Override
            public Integer partition() {
                return null;
            }
        };
    }

    /** The engine's committer: what was marked processed, in order. */
    private static final class Committer
            implements DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> {

        final List<ChangeEvent<SourceRecord, SourceRecord>> processed = new ArrayList<>();

        @Override
        public void markProcessed(ChangeEvent<SourceRecord, SourceRecord> record) {
            processed.add(record);
        }

        @Override
        public void markBatchFinished() {}

        @Override
        public void markProcessed(
                ChangeEvent<SourceRecord, SourceRecord> record, DebeziumEngine.Offsets sourceOffsets) {
            processed.add(record);
        }

        @Override
        public DebeziumEngine.Offsets buildOffsets() {
            return null;
        }
    }
}
