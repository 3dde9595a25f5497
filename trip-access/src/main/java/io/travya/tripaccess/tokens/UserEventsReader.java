package io.travya.tripaccess.tokens;

import io.travya.events.UserEvent;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Reads travya.users for the token validators that learn from it, with one consumer per replica:
 * every replica reads the whole topic (a consumer group of its own, from the beginning), as each must
 * know every user. The group keeps the name it had when DeactivatedUsers alone read the topic, so what
 * names it (the AsyncAPI document, Kafka ACLs) stays true.
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
            topics = "${travya.events.topic-prefix}.users",
            groupId =
                    "${travya.consumer.group-prefix:}${spring.application.name}.deactivated-users.#{T(java.util.UUID).randomUUID()}",
            properties = "auto.offset.reset=earliest")
    void on(UserEvent event) {
        deactivatedUsers.on(event);
        revokedSessions.on(event);
    }
}
