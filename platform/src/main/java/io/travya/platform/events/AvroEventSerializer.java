package io.travya.platform.events;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.travya.events.EventTopic;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns an event into the exact bytes that go on its topic: Confluent wire format, schema id from the
 * registry. Events are serialised when they are written to the outbox, so the relay forwards bytes
 * and a row written by an older version of a service still carries the id of the schema it was
 * written with.
 */
public class AvroEventSerializer implements AutoCloseable {

    private final AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();
    private final TopicNames topics;

    public AvroEventSerializer(RegistryProperties registry, TopicNames topics) {
        this.topics = topics;
        serializer.configure(AvroSerdeSettings.forSerializer(registry), false);
    }

    public byte[] serialize(SpecificRecord event) {
        return serializer.serialize(topics.of(EventTopic.forRecord(event)), event);
    }

    @Override
    public void close() {
        serializer.close();
    }
}
