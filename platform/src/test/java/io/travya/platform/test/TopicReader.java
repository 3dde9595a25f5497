package io.travya.platform.test;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.travya.platform.events.AvroSerdeSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning, as an outside consumer would. */
public final class TopicReader {

    private TopicReader() {}

    /** Every record on the topic so far, value bytes untouched. */
    public static List<ConsumerRecord<String, byte[]>> rawRecords(Endpoints at, String topic, Duration within) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(at.kafkaAdminWith(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG,
                "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class)))) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + within.toNanos();
            int emptyPolls = 0;
            while (System.nanoTime() < deadline && emptyPolls < 3) {
                var batch = consumer.poll(Duration.ofMillis(500));
                batch.forEach(records::add);
                emptyPolls = batch.isEmpty() && !consumer.assignment().isEmpty() ? emptyPolls + 1 : 0;
            }
            return records;
        }
    }

    /**
     * Every event on the topic so far that matches, decoded with the registry. Records that are not
     * in the Confluent wire format at all (no magic byte 0, as the poisoned record a projector test
     * puts on a topic its test context shares) are no events and are passed over; a record in the
     * format that does not decode still fails the call.
     */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> List<T> events(
            Endpoints at, String topic, Class<T> type, Predicate<T> matching) {
        try (AvroKafkaDeserializer<Object> deserializer = new AvroKafkaDeserializer<>()) {
            deserializer.configure(AvroSerdeSettings.forDeserializer(at.registry(Duration.ofSeconds(10))), false);
            List<T> events = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : rawRecords(at, topic, Duration.ofSeconds(10))) {
                if (record.value() == null || record.value().length == 0 || record.value()[0] != 0) {
                    continue;
                }
                Object value = deserializer.deserialize(topic, record.value());
                if (type.isInstance(value) && matching.test((T) value)) {
                    events.add((T) value);
                }
            }
            return events;
        }
    }
}
