package io.travya.tripaccess.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import io.travya.events.UserEvent;
import io.travya.events.UserEventType;
import io.travya.platform.test.TestEvents;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

/** Which users' tokens the services that only verify tokens refuse, from travya.users. No Kafka. */
class DeactivatedUsersTest {

    private final DeactivatedUsers users = new DeactivatedUsers();

    @Test
    void aDeactivatedUserIsRefusedUntilReactivated() {
        UUID user = UUID.randomUUID();

        users.on(TestEvents.userEvent(user, 1, false));
        boolean refusedWhileInactive = users.validate(token(user)).hasErrors();
        users.on(TestEvents.userEvent(user, 2, true));

        assertThat(refusedWhileInactive).isTrue();
        assertThat(users.validate(token(user)).hasErrors()).isFalse();
    }

    @Test
    void anErasedUserIsRefusedWhateverTheEventSaysOfTheAccountsState() {
        UUID user = UUID.randomUUID();
        UserEvent erased = TestEvents.userEvent(user, 3, true);
        erased.put("event_type", UserEventType.UserErased);

        users.on(erased);

        assertThat(users.isDeactivated(user)).isTrue();
        assertThat(users.validate(token(user)).hasErrors()).isTrue();
    }

    @Test
    void anOlderEventArrivingLateChangesNothing() {
        UUID user = UUID.randomUUID();

        users.on(TestEvents.userEvent(user, 2, false));
        users.on(TestEvents.userEvent(user, 1, true));

        assertThat(users.isDeactivated(user)).isTrue();
    }

    private static Jwt token(UUID subject) {
        Instant now = Instant.now();
        return Jwt.withTokenValue("t")
                .header("alg", "RS256")
                .subject(subject.toString())
                .issuedAt(now)
                .expiresAt(now.plusSeconds(60))
                .build();
    }
}
