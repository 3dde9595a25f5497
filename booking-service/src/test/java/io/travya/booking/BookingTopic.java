package io.travya.booking;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.travya.events.BookingEvent;
import io.travya.platform.events.AvroSerdeSettings;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** travya.bookings as an outside consumer reads it: keys and decoded events, in partition order. */
public final class BookingTopic {

    /** One record: its Kafka key and its event. */
    public record Keyed(String key, BookingEvent event) {}

    private BookingTopic() {}

    public static List<Keyed> records(TestCorner corner) {
        String topic = corner.topic("bookings");
        try (AvroKafkaDeserializer<Object> deserializer = new AvroKafkaDeserializer<>()) {
            deserializer.configure(
                    AvroSerdeSettings.forDeserializer(corner.endpoints().registry(Duration.ofSeconds(10))), false);
            List<Keyed> records = new ArrayList<>();
            for (var record : TopicReader.rawRecords(corner.endpoints(), topic, Duration.ofSeconds(10))) {
                records.add(new Keyed(record.key(), (BookingEvent) deserializer.deserialize(topic, record.value())));
            }
            return records;
        }
    }
}
