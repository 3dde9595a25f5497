package io.travya.platform.consumer;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.travya.platform.events.AvroSerdeSettings;
import io.travya.platform.events.RegistryProperties;
import io.travya.platform.events.TopicNames;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Publishes what a consumer gives up on to {@code <topic>.DLT}, on the record's own partition: a
 * record that could not be decoded byte for byte, a decoded one re-encoded with its schema.
 */
class DeadLetterPublishing implements DisposableBean {

    private final DefaultKafkaProducerFactory<Object, Object> rawProducers;
    private final DefaultKafkaProducerFactory<Object, Object> avroProducers;

    DeadLetterPublishing(KafkaProperties kafka, RegistryProperties registry) {
        this.rawProducers = producers(kafka, ByteArraySerializer.class, Map.of());
        this.avroProducers = producers(kafka, AvroKafkaSerializer.class, AvroSerdeSettings.forSerializer(registry));
    }

    DeadLetterPublishingRecoverer recoverer() {
        Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
        templates.put(byte[].class, new KafkaTemplate<>(rawProducers));
        templates.put(SpecificRecord.class, new KafkaTemplate<>(avroProducers));
        return new DeadLetterPublishingRecoverer(
                templates,
                (record, failure) ->
                        new TopicPartition(record.topic() + TopicNames.DEAD_LETTER_SUFFIX, record.partition()));
    }

    @Override
    public void destroy() {
        rawProducers.destroy();
        avroProducers.destroy();
    }

    private static DefaultKafkaProducerFactory<Object, Object> producers(
            KafkaProperties kafka, Class<?> valueSerializer, Map<String, Object> extra) {
        Map<String, Object> config = new LinkedHashMap<>(kafka.buildProducerProperties());
        config.putAll(extra);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, valueSerializer);
        return new DefaultKafkaProducerFactory<>(config);
    }
}
