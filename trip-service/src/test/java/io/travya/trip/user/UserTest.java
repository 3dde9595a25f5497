package io.travya.trip.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.travya.events.UserEventType;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which event each change to an account causes. No Spring, no database. */
class UserTest {

    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
    private static final Instant LATER = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void registeringIsUserRegisteredAndTheAccountIsActive() {
        var registered = register();

        assertThat(registered.event()).isEqualTo(UserEventType.UserRegistered);
        assertThat(registered.aggregate().isActive()).isTrue();
    }

    @Test
    void aNewProfileIsUserUpdatedAndTheSameProfileNothing() {
        User user = register().aggregate();

        assertThat(user.changeProfile("ada@example.com", "ada", "Ada", LATER)).isEmpty();
        assertThat(user.changeProfile("ada@example.com", "ada", "Ada Lovelace", LATER))
                .contains(UserEventType.UserUpdated);
        assertThat(user.getUpdatedAt()).isEqualTo(LATER);
    }

    @Test
    void aNewPasswordRevokesEveryTokenIssuedBeforeTheNextWholeSecond() {
        User user = register().aggregate();

        assertThat(user.getSessionsRevokedBefore()).isNull();
        assertThat(user.changePassword("another hash", LATER.plusMillis(400))).isEqualTo(UserEventType.SessionsRevoked);
        assertThat(user.getSessionsRevokedBefore()).isEqualTo(LATER.plusSeconds(1));
        assertThat(user.revokes(LATER))
                .as("a token of the second of the change")
                .isTrue();
        assertThat(user.revokes(LATER.plusSeconds(1))).isFalse();
    }

    @Test
    void aTokenIssuedInTheSecondOfARevocationButAfterItSaysTheNextSecond() {
        User user = register().aggregate();
        assertThat(user.tokenIssueTime(LATER.plusMillis(700)))
                .as("nothing revoked: the second it is issued in")
                .isEqualTo(LATER);

        user.changePassword("another hash", LATER.plusMillis(400));

        assertThat(user.tokenIssueTime(LATER.plusMillis(700))).isEqualTo(LATER.plusSeconds(1));
        assertThat(user.revokes(user.tokenIssueTime(LATER.plusMillis(700)))).isFalse();
        assertThat(user.tokenIssueTime(LATER.plusMillis(2300))).isEqualTo(LATER.plusSeconds(2));
    }

    @Test
    void aPasswordChangedOnAWholeSecondStillRevokesATokenIssuedInThatSecond() {
        User user = register().aggregate();

        user.changePassword("another hash", LATER);

        assertThat(user.revokes(LATER)).isTrue();
        assertThat(user.tokenIssueTime(LATER)).isEqualTo(LATER.plusSeconds(1));
    }

    @Test
    void loggingOutIsSessionEndedAndChangesNothingOfTheAccount() {
        User user = register().aggregate();

        assertThat(user.endSession()).isEqualTo(UserEventType.SessionEnded);
        assertThat(user.getUpdatedAt()).isEqualTo(NOW);
        assertThat(user.getSessionsRevokedBefore()).isNull();
    }

    @Test
    void deactivatingAndReactivatingAreTheirOwnEventsAndRepeatingThemNothing() {
        User user = register().aggregate();

        assertThat(user.setActive(true, LATER)).isEmpty();
        assertThat(user.setActive(false, LATER)).contains(UserEventType.UserDeactivated);
        assertThat(user.setActive(false, LATER)).isEmpty();
        assertThat(user.setActive(true, LATER)).contains(UserEventType.UserActivated);
    }

    @Test
    void erasingIsUserErasedWhateverTheAccountsStateAndLeavesItInactive() {
        User active = register().aggregate();
        User deactivated = register().aggregate();
        deactivated.setActive(false, NOW);

        assertThat(active.erase(LATER)).isEqualTo(UserEventType.UserErased);
        assertThat(deactivated.erase(LATER)).isEqualTo(UserEventType.UserErased);
        // a consumer that reads only is_active refuses the erased user's tokens too
        assertThat(active.isActive()).isFalse();
        assertThat(deactivated.isActive()).isFalse();
        assertThat(active.getUpdatedAt()).isEqualTo(LATER);
    }

    private static io.travya.platform.events.Changed<User, UserEventType> register() {
        return User.register(UUID.randomUUID(), "ada@example.com", "ada", "Ada", "hash", false, NOW);
    }
}
