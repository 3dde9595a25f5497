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
import java.util.ArrayList;
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
 * Publishes each batch of outbox records the engine hands over and tells the engine a record is
 * processed only once Kafka has acknowledged it (acks=all, idempotent producer). The engine saves
 * its position only for processed records, so a crash at any point publishes again rather than
 * loses: at-least-once, in WAL order.
 */
class KafkaForwarder implements DebeziumEngine.ChangeConsumer<ChangeEvent<SourceRecord, SourceRecord>> {

    static final String EVENT_ID_HEADER = "event_id";
    static final String EVENT_TYPE_HEADER = "event_type";

    private final Producer<String, byte[]> producer;
    private final SinceCommit commitToKafka;
    private final Counter published;

    KafkaForwarder(Producer<String, byte[]> producer, MeterRegistry meters, String service) {
        this.producer = producer;
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
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        List<Instant> occurred = new ArrayList<>(records.size());
        for (ChangeEvent<SourceRecord, SourceRecord> change : records) {
            SourceRecord record = change.value();
            byte[] payload = record == null ? null : bytes(record.value());
            if (payload == null) {
                // heartbeats and anything else that is not an outbox row: nothing to publish
                continue;
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
            acks.add(producer.send(
                    new ProducerRecord<>(record.topic(), null, null, String.valueOf(record.key()), payload, headers)));
            occurred.add(occurredAt);
        }
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("Kafka did not acknowledge an outbox event", e.getCause());
            }
            commitToKafka.record(occurred.get(i));
        }
        published.increment(acks.size());
        for (ChangeEvent<SourceRecord, SourceRecord> change : records) {
            committer.markProcessed(change);
        }
        committer.markBatchFinished();
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
