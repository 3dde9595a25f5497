package io.travya.conversation.stream;

import io.travya.events.ConversationEvent;
import io.travya.platform.consumer.ConsumerProperties;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ContainerPostProcessor;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.CommonLoggingErrorHandler;
import org.springframework.stereotype.Component;

/**
 * Feeds this instance's streams from travya.conversations. Each instance reads in a consumer group of
 * its own, from the latest offset: it wants every event from now on, not a share of them. Its offsets
 * matter only while it lives (they carry it across a rebalance of its one-member group without a
 * gap); a restarted instance is a new group, and Kafka expires the old one's offsets
 * (offsets.retention.minutes). What a client missed while it was away is read from the database.
 */
@Component
class MessageFanout {

    private final ConversationStreams streams;
    private final String groupId;

    MessageFanout(
            ConversationStreams streams,
            ConsumerProperties consumer,
            @Value("${spring.application.name}") String service) {
        this.streams = streams;
        this.groupId = consumer.group(service + ".stream." + UUID.randomUUID());
    }

    public String groupId() {
        return groupId;
    }

    @KafkaListener(
            id = "${spring.application.name}.stream",
            topics = "${travya.events.topic-prefix}.conversations",
            groupId = "#{__listener.groupId()}",
            properties = {"auto.offset.reset=latest"},
            containerPostProcessor = "streamContainer")
    void on(ConversationEvent event) {
        streams.deliver(event);
    }

    /**
     * Never dead-letters: an event this instance could not push is logged and passed over (the
     * assistant's group deals with the record itself).
     */
    @Bean
    static ContainerPostProcessor<Object, Object, AbstractMessageListenerContainer<Object, Object>> streamContainer() {
        return container -> container.setCommonErrorHandler(new CommonLoggingErrorHandler());
    }
}
