package io.travya.tripaccess.tokens;

import io.travya.events.UserEvent;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.PartitionOffset;
import org.springframework.kafka.annotation.TopicPartition;

/**
 * Reads travya.users for the token validators that learn from it, with one consumer per replica:
 * every replica reads the whole topic from the beginning, as each must know every user. It is assigned
 * every partition itself rather than joining a group: a group of its own per replica would leave one
 * more group behind at every start, and a shared one would split the topic between replicas. Its
 * position is committed under one stable name per service, the one DeactivatedUsers' group had
 * without the random suffix, so the ACLs' group prefix still covers it and lag stays visible.
 */
class UserEventsReader {

    private final DeactivatedUsers deactivatedUsers;
    private final RevokedSessions revokedSessions;

    UserEventsReader(DeactivatedUsers deactivatedUsers, RevokedSessions revokedSessions) {
        this.deactivatedUsers = deactivatedUsers;
        this.revokedSessions = revokedSessions;
    }

    @KafkaListener(
            id = "${spring.application.name}.deactivated-users",
            topicPartitions =
                    @TopicPartition(
                            topic = "${travya.events.topic-prefix}.users",
                            partitionOffsets = @PartitionOffset(partition = "*", initialOffset = "0")),
            groupId = "${travya.consumer.group-prefix:}${spring.application.name}.deactivated-users")
    void on(UserEvent event) {
        deactivatedUsers.on(event);
        revokedSessions.on(event);
    }
}
