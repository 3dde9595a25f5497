package io.travya.conversation.stream;

import io.travya.events.ConversationEvent;
import io.travya.platform.consumer.ConsumerProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.PartitionOffset;
import org.springframework.kafka.annotation.TopicPartition;
import org.springframework.kafka.config.ContainerPostProcessor;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.CommonLoggingErrorHandler;
import org.springframework.stereotype.Component;

/**
 * Feeds this instance's streams from travya.conversations. Each instance is assigned every partition
 * itself, from the latest offset: it wants every event from now on, not a share of them, and joins no
 * group (a group of its own per instance left one more group behind at every restart). Its position is
 * committed under one name per service, for lag monitoring only: a restarted instance starts from the
 * end again, and what a client missed while it was away is read from the database.
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
        this.groupId = consumer.group(service + ".stream");
    }

    public String groupId() {
        return groupId;
    }

    @KafkaListener(
            id = "${spring.application.name}.stream",
            topicPartitions =
                    @TopicPartition(
                            topic = "${travya.events.topic-prefix}.conversations",
                            partitionOffsets =
                                    @PartitionOffset(partition = "*", initialOffset = "0", seekPosition = "END")),
            groupId = "#{__listener.groupId()}",
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
