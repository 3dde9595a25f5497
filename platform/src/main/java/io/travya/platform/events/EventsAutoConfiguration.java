package io.travya.platform.events;

import io.travya.events.EventTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/** Topic names, topic creation, the check that the schemas are registered, and the event serializer. */
@AutoConfiguration
@EnableConfigurationProperties({EventsProperties.class, RegistryProperties.class})
public class EventsAutoConfiguration {

    @Bean
    TopicNames topicNames(EventsProperties properties) {
        return new TopicNames(properties.topicPrefix());
    }

    /**
     * The service only reads the registry: registering is an administrative step (see
     * {@link SchemaRegistrar}); it starts once the schemas of what it publishes are there.
     */
    @Bean
    SchemaRegistrar schemaRegistrar(RegistryProperties registry, TopicNames topics, EventsProperties events)
            throws InterruptedException {
        SchemaRegistrar registrar = new SchemaRegistrar(registry, topics);
        registrar.awaitRegistered(events.produces());
        return registrar;
    }

    @Bean(destroyMethod = "close")
    AvroEventSerializer avroEventSerializer(
            RegistryProperties registry, TopicNames topics, SchemaRegistrar registeredFirst) {
        return new AvroEventSerializer(registry, topics);
    }

    /**
     * The topics this service publishes keep every event (a read model is rebuilt by replaying them
     * from the start); the dead-letter topics of what it reads keep theirs for a while.
     */
    @Bean
    KafkaAdmin.NewTopics travyaTopics(EventsProperties events, TopicNames topics) {
        List<NewTopic> all = new ArrayList<>();
        for (EventTopic topic : events.produces()) {
            all.add(new NewTopic(topics.of(topic), events.partitions(), events.replicationFactor())
                    .configs(Map.of(
                            TopicConfig.RETENTION_MS_CONFIG,
                            "-1",
                            TopicConfig.CLEANUP_POLICY_CONFIG,
                            TopicConfig.CLEANUP_POLICY_DELETE)));
        }
        for (EventTopic topic : events.consumes()) {
            all.add(new NewTopic(topics.deadLetterOf(topic), events.partitions(), events.replicationFactor())
                    .configs(Map.of(
                            TopicConfig.RETENTION_MS_CONFIG,
                            Long.toString(events.deadLetterRetention().toMillis()))));
        }
        return new KafkaAdmin.NewTopics(all.toArray(NewTopic[]::new));
    }
}
