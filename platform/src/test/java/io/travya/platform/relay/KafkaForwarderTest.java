package io.travya.platform.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
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

    private final KafkaForwarder forwarder = new KafkaForwarder(
            kafka,
            eventId -> deletions.computeIfAbsent(eventId, id -> new CompletableFuture<>()),
            8192,
            new SimpleMeterRegistry(),
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

    private static ChangeEvent<SourceRecord, SourceRecord> outboxRow() {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("id", UUID.randomUUID().toString());
        SourceRecord record = new SourceRecord(
                null,
                null,
                "travya.trips",
                null,
                Schema.STRING_SCHEMA,
                UUID.randomUUID().toString(),
                Schema.BYTES_SCHEMA,
                "avro".getBytes(StandardCharsets.UTF_8),
                null,
                headers);
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
