package io.travya.conversation.stream;

import io.micrometer.common.KeyValues;
import io.travya.events.ConversationEvent;
import io.travya.events.EventTopic;
import io.travya.platform.events.TopicNames;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.springframework.context.annotation.Bean;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.PartitionOffset;
import org.springframework.kafka.annotation.TopicPartition;
import org.springframework.kafka.config.ContainerPostProcessor;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.CommonLoggingErrorHandler;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation.DefaultKafkaListenerObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation.ListenerLowCardinalityTags;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Feeds this instance's streams from travya.conversations. Each instance wants every event from now
 * on, not a share of them, and nothing from before it started (what a client missed while it was away
 * is read from the database). So it joins no consumer group: it assigns itself every partition of the
 * topic and starts each at its end, and commits nothing (no group.id). A restart leaves nothing behind
 * in Kafka, where a group per start would stay until its offsets expire.
 *
 * <p>Manual assignment needs the partitions when the listener is registered, which is before
 * {@link KafkaAdmin} creates the service's topics; so the topic is created first if it does not exist
 * yet (this service publishes it, and may create it). Partitions added to the topic later reach the
 * streams after the next restart.
 */
@Component
class MessageFanout {

    private final ConversationStreams streams;
    private final String partitions;

    MessageFanout(ConversationStreams streams, KafkaAdmin admin, TopicNames topics) {
        this.streams = streams;
        this.partitions = partitionsOf(admin, topics.of(EventTopic.CONVERSATIONS));
    }

    /** Every partition of the topic, as {@code @TopicPartition} takes them: "0,1,2". */
    public String partitions() {
        return partitions;
    }

    @KafkaListener(
            id = "${spring.application.name}.stream",
            idIsGroup = false,
            topicPartitions =
                    @TopicPartition(
                            topic = "${travya.events.topic-prefix}.conversations",
                            partitions = "#{__listener.partitions()}",
                            partitionOffsets =
                                    @PartitionOffset(partition = "*", initialOffset = "0", seekPosition = "END")),
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
        return container -> {
            container.setCommonErrorHandler(new CommonLoggingErrorHandler());
            container.getContainerProperties().setObservationConvention(new WithoutGroup());
        };
    }

    /**
     * The listener's observations name the consumer group "none": Prometheus refuses a meter whose tag
     * names differ from those of the meters of the same name (every other listener has a group), and
     * the stream listener's timings would be missing from /actuator/prometheus.
     */
    private static final class WithoutGroup extends DefaultKafkaListenerObservationConvention {

        @Override
        public KeyValues getLowCardinalityKeyValues(KafkaRecordReceiverContext context) {
            KeyValues values = super.getLowCardinalityKeyValues(context);
            return StringUtils.hasText(context.getGroupId())
                    ? values
                    : values.and(ListenerLowCardinalityTags.MESSAGING_CONSUMER_GROUP.withValue("none"));
        }
    }

    private static String partitionsOf(KafkaAdmin admin, String topic) {
        TopicDescription description;
        try {
            description = admin.describeTopics(topic).get(topic);
        } catch (KafkaException e) {
            if (!(NestedExceptionUtils.getMostSpecificCause(e) instanceof UnknownTopicOrPartitionException)) {
                throw e;
            }
            // the service's first start on this cluster: create its topics now rather than after
            admin.initialize();
            description = describedOnceKnown(admin, topic);
        }
        return description.partitions().stream()
                .map(partition -> Integer.toString(partition.partition()))
                .collect(Collectors.joining(","));
    }

    /**
     * The topic just created (by this service or another): in a cluster of several brokers, the one
     * asked may not know it for a moment yet, so it is asked again for up to 30 s.
     */
    private static TopicDescription describedOnceKnown(KafkaAdmin admin, String topic) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return admin.describeTopics(topic).get(topic);
            } catch (KafkaException e) {
                if (!(NestedExceptionUtils.getMostSpecificCause(e) instanceof UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
        }
    }
}
