package io.travya.tripaccess.tokens;

import io.travya.events.UserEvent;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Feeds travya.users into the service's {@link UserTokenReplica}, in one consumer group per service
 * (not per replica: the replicas share the table), from the beginning the first time and from its
 * committed offsets on every start after that, so that a start reads only what happened while the
 * service was away, however long the topic. The group keeps the name the per-replica groups had
 * before their random suffix went, so what names it (the AsyncAPI document, Kafka ACLs) stays true.
 */
class UserEventsReader {

    private final UserTokenReplica replica;

    UserEventsReader(UserTokenReplica replica) {
        this.replica = replica;
    }

    @KafkaListener(
            id = "${spring.application.name}.deactivated-users",
            topics = "${travya.events.topic-prefix}.users",
            groupId = "${travya.consumer.group-prefix:}${spring.application.name}.deactivated-users",
            properties = "auto.offset.reset=earliest")
    void on(UserEvent event) {
        replica.apply(event);
    }
}
