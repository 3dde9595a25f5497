package io.travya.conversation;

import static org.awaitility.Awaitility.await;

import io.travya.platform.test.TestCorner;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Tells when a consumer group of the service under test has processed everything on a topic. */
public final class ConsumerGroups {

    private ConsumerGroups() {}

    /** The group of one of the service's listeners, e.g. {@code assistant}, in the test corner. */
    public static String of(TestCorner corner, String listener) {
        return corner.name() + ".conversation-service." + listener;
    }

    /**
     * Waits until the group has committed, on every partition of the topic, the offset after the last
     * record: every record there now, a redelivered one included, has been processed.
     */
    public static void awaitCaughtUp(TestCorner corner, String group, String topic) {
        try (Admin admin = Admin.create(corner.endpoints().kafkaAdmin())) {
            Set<TopicPartition> partitions =
                    admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .collect(Collectors.toSet());
            Map<TopicPartition, Long> ends = admin
                    .listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all()
                    .get()
                    .entrySet()
                    .stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().offset()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get();
                return ends.entrySet().stream()
                        .filter(end -> end.getValue() > 0)
                        .allMatch(end -> committed.get(end.getKey()) != null
                                && committed.get(end.getKey()).offset() >= end.getValue());
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
