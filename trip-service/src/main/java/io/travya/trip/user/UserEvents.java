package io.travya.trip.user;

import io.travya.events.UserEvent;
import io.travya.platform.outbox.OutboxWriter;
import io.travya.trip.Times;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Publishes a user's state after each change to travya.users, through the outbox. */
@Component
public class UserEvents {

    private final OutboxWriter outbox;
    private final Clock clock;

    UserEvents(OutboxWriter outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    public void publish(String type, User user, UUID actor) {
        UserEvent event = UserEvent.newBuilder()
                .setEventId(UUID.randomUUID())
                .setEventType(type)
                .setOccurredAt(Times.now(clock))
                .setAggregateId(user.getId())
                .setAggregateVersion(user.getVersion())
                .setActorId(actor)
                .setUser(io.travya.events.User.newBuilder()
                        .setId(user.getId())
                        .setEmail(user.getEmail())
                        .setUsername(user.getUsername())
                        .setFullName(user.getFullName())
                        .setIsActive(user.isActive())
                        .setIsSuperuser(user.isSuperuser())
                        .setCreatedAt(user.getCreatedAt())
                        .setUpdatedAt(user.getUpdatedAt())
                        .build())
                .build();
        outbox.append(user.getId(), event);
    }
}
