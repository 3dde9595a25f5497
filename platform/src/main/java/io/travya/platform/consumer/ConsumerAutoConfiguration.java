package io.travya.platform.consumer;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.travya.platform.events.AvroSerdeSettings;
import io.travya.platform.events.EventsAutoConfiguration;
import io.travya.platform.events.RegistryProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Consumers of Travya's topics: Avro values decoded with the registry (a record that cannot be
 * decoded is dead-lettered, not retried), a few short retries with exponential backoff for
 * everything else, then the dead-letter topic {@code <topic>.DLT} and the partition moves on.
 */
@AutoConfiguration(after = EventsAutoConfiguration.class)
@EnableConfigurationProperties(ConsumerProperties.class)
public class ConsumerAutoConfiguration {

    @Bean
    ConsumerFactory<Object, Object> kafkaConsumerFactory(
            KafkaProperties kafka, RegistryProperties registry, ObjectProvider<MeterRegistry> meters) {
        Map<String, Object> config = new LinkedHashMap<>(kafka.buildConsumerProperties());
        config.putAll(AvroSerdeSettings.forDeserializer(registry));
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
        config.put(ErrorHandlingDeserializer.KEY_DESERIALIZER_CLASS, StringDeserializer.class);
        config.put(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, AvroKafkaDeserializer.class);
        DefaultKafkaConsumerFactory<Object, Object> consumers = new DefaultKafkaConsumerFactory<>(config);
        // the Kafka clients' own metrics (Boot adds them to its factory only): records-lag per
        // client (consumer-<group>-<n>), topic and partition, fetch rates, commit latency
        meters.ifAvailable(meterRegistry -> consumers.addListener(new MicrometerConsumerListener<>(meterRegistry)));
        return consumers;
    }

    /**
     * Listeners are timed by their observations only. spring-kafka's older timers, which it keeps for
     * batch listeners (they have no observation), register the same name, {@code spring.kafka.listener},
     * with other tag names ({@code name, result, exception}); Prometheus takes one set of tag names per
     * name and refused every record listener's timer that came second. Batch listeners' records are
     * traced one by one ({@link ConsumedRecords#handled}) and the projector has its own latency meter.
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> observedListenersOnly() {
        return container -> container.getContainerProperties().setMicrometerEnabled(false);
    }

    /** Boot's listener container factory applies it to every record listener. */
    @Bean
    ConsumedRecords consumedRecords(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new ConsumedRecords(
                tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    @Bean
    DeadLetterPublishing deadLetterPublishing(KafkaProperties kafka, RegistryProperties registry) {
        return new DeadLetterPublishing(kafka, registry);
    }

    @Bean
    CommonErrorHandler kafkaErrorHandler(
            DeadLetterPublishing deadLetters, ConsumerProperties consumer, ObjectProvider<MeterRegistry> meters) {
        ExponentialBackOff backOff =
                new ExponentialBackOff(consumer.initialBackoff().toMillis(), consumer.backoffMultiplier());
        backOff.setMaxInterval(consumer.maxBackoff().toMillis());
        backOff.setMaxAttempts(consumer.maxAttempts() - 1);
        DeadLetterPublishingRecoverer toDeadLetters = deadLetters.recoverer();
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        ConsumerAwareRecordRecoverer counted = (record, kafkaConsumer, failure) -> {
            toDeadLetters.accept(record, kafkaConsumer, failure);
            // counted once the dead-letter topic has the record (accept throws otherwise)
            Counter.builder("travya.consumer.dead.letters")
                    .description("Records this service gave up on and published to <topic>.DLT")
                    .tag("topic", record.topic())
                    .register(registry)
                    .increment();
        };
        DefaultErrorHandler handler = new DefaultErrorHandler(counted, backOff);
        handler.addNotRetryableExceptions(NonRetryableEventException.class, IllegalArgumentException.class);
        return handler;
    }

    @Bean
    @ConditionalOnProperty("travya.schema")
    ProcessedEvents processedEvents(JdbcClient jdbc, @Value("${travya.schema}") String schema) {
        return new ProcessedEvents(jdbc, schema);
    }
}
