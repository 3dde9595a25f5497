package io.travya.trip.user;

import io.travya.events.UserEvent;
import io.travya.events.UserEventType;
import io.travya.platform.outbox.OutboxWriter;
import io.travya.trip.Times;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Publishes a user's state after each change to travya.users, through the outbox: only what other
 * services need to authorise the user, never their email, username or name (the topic keeps every
 * record forever, so personal data written there could never be erased).
 */
@Component
public class UserEvents {

    private final OutboxWriter outbox;
    private final Clock clock;

    UserEvents(OutboxWriter outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Call after the change is flushed, in its transaction, with the type the aggregate returned. */
    public void publish(UserEventType type, User user, UUID actor) {
        publish(type, user, actor, null);
    }

    /** As {@link #publish(UserEventType, User, UUID)}, for SessionEnded: {@code session} is the one that ended. */
    public void publish(UserEventType type, User user, UUID actor, UUID session) {
        UserEvent event = UserEvent.newBuilder()
                .setEventId(UUID.randomUUID())
                .setEventType(type)
                .setOccurredAt(Times.now(clock))
                .setAggregateId(user.getId())
                .setAggregateVersion(user.getVersion())
                .setActorId(actor)
                .setUser(io.travya.events.User.newBuilder()
                        .setId(user.getId())
                        .setIsActive(user.isActive())
                        .setIsSuperuser(user.isSuperuser())
                        .setCreatedAt(user.getCreatedAt())
                        .setUpdatedAt(user.getUpdatedAt())
                        .setSessionsRevokedBefore(user.getSessionsRevokedBefore())
                        .build())
                .setSessionId(session)
                .build();
        outbox.append(user.getId(), event);
    }
}
