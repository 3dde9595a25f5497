package io.travya.tripaccess.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import io.travya.events.User;
import io.travya.events.UserEvent;
import io.travya.events.UserEventType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/** Which tokens a service refuses from what travya.users told it, and for how long it remembers. No Spring, no Kafka. */
class RevokedSessionsTest {

    private static final Duration REMEMBERED_FOR = Duration.ofMinutes(16);
    private static final Instant START = Instant.parse("2026-03-01T09:00:00Z");

    private final MovingClock clock = new MovingClock(START);
    private final RevokedSessions revoked = new RevokedSessions(clock, REMEMBERED_FOR);
    private final UUID user = UUID.randomUUID();

    @Test
    void aTokenOfASessionThatEndedIsRefusedAndTheUsersOtherSessionsAreNot() {
        UUID loggedOut = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        Jwt ofTheSession = token(user, loggedOut, START.minusSeconds(60));
        assertThat(revoked.validate(ofTheSession).hasErrors()).isFalse();

        revoked.on(sessionEnded(1, loggedOut, START));

        OAuth2TokenValidatorResult refused = revoked.validate(ofTheSession);
        assertThat(refused.hasErrors()).isTrue();
        assertThat(refused.getErrors())
                .allSatisfy(error -> assertThat(error.getErrorCode()).isEqualTo("invalid_token"));
        assertThat(revoked.validate(token(user, other, START.minusSeconds(60))).hasErrors())
                .isFalse();
    }

    @Test
    void anEndedSessionIsForgottenOnceEveryTokenOfItHasExpired() {
        UUID loggedOut = UUID.randomUUID();
        revoked.on(sessionEnded(1, loggedOut, START));

        clock.move(REMEMBERED_FOR.minusSeconds(1));
        assertThat(revoked.hasEnded(loggedOut)).isTrue();
        assertThat(revoked.remembered()).isEqualTo(1);

        clock.move(Duration.ofSeconds(1));
        assertThat(revoked.hasEnded(loggedOut)).isFalse();
        assertThat(revoked.remembered()).as("nothing left in memory").isZero();
    }

    @Test
    void sessionsThatEndedLongerAgoThanATokenLivesAreNotRememberedWhenTheTopicIsReadFromTheBeginning() {
        for (int i = 0; i < 1000; i++) {
            revoked.on(sessionEnded(
                    i + 1, UUID.randomUUID(), START.minus(REMEMBERED_FOR).minusSeconds(i)));
        }
        revoked.on(sessionsRevoked(1001, START.minus(REMEMBERED_FOR)));

        assertThat(revoked.remembered()).isZero();
    }

    @Test
    void aPasswordChangeRefusesEveryTokenOfTheUserIssuedBeforeItsInstantAndNoneIssuedFromThen() {
        Instant before = START.plusSeconds(1);

        revoked.on(sessionsRevoked(1, before));

        assertThat(revoked.validate(token(user, UUID.randomUUID(), START)).hasErrors())
                .isTrue();
        assertThat(revoked.validate(token(user, null, START)).hasErrors())
                .as("a token without a session")
                .isTrue();
        assertThat(revoked.validate(token(user, UUID.randomUUID(), before)).hasErrors())
                .isFalse();
        assertThat(revoked.validate(token(UUID.randomUUID(), UUID.randomUUID(), START))
                        .hasErrors())
                .as("another user's token")
                .isFalse();
    }

    @Test
    void aTokenWithoutAnIssueTimeIsRefusedOnceTheUsersSessionsWereRevoked() {
        revoked.on(sessionsRevoked(1, START));

        assertThat(revoked.validate(token(user, UUID.randomUUID(), null)).hasErrors())
                .isTrue();
    }

    @Test
    void aRevocationIsForgottenOnceEveryTokenItRefusesHasExpired() {
        revoked.on(sessionsRevoked(1, START));

        clock.move(REMEMBERED_FOR);

        assertThat(revoked.tokensRevokedBefore(user)).isNull();
        assertThat(revoked.remembered()).isZero();
    }

    @Test
    void anOlderEventDeliveredLateNeverMovesTheRevocationBack() {
        Instant first = START.minusSeconds(30);
        Instant second = START;
        revoked.on(sessionsRevoked(3, second));

        revoked.on(sessionsRevoked(2, first));
        revoked.on(sessionsRevoked(3, second));

        assertThat(revoked.tokensRevokedBefore(user)).isEqualTo(second);
        assertThat(revoked.validate(token(user, UUID.randomUUID(), first.plusSeconds(10)))
                        .hasErrors())
                .isTrue();
    }

    @Test
    void aNewerEventCarriesTheAccountsStateAndMovesTheRevocationForward() {
        revoked.on(sessionsRevoked(2, START.minusSeconds(30)));

        revoked.on(event(UserEventType.UserUpdated, 3, null, START.plusSeconds(5)));
        revoked.on(sessionsRevoked(4, START.plusSeconds(5)));

        assertThat(revoked.tokensRevokedBefore(user)).isEqualTo(START.plusSeconds(5));
    }

    @Test
    void aSessionThatEndedStaysEndedWhateverOrderItsEventArrivesIn() {
        UUID loggedOut = UUID.randomUUID();
        revoked.on(event(UserEventType.UserUpdated, 5, null, null));

        revoked.on(sessionEnded(4, loggedOut, START));

        assertThat(revoked.hasEnded(loggedOut)).isTrue();
    }

    @Test
    void anEventOfATypeThisServiceDoesNotKnowYetIsSkipped() {
        UUID session = UUID.randomUUID();

        revoked.on(event(UserEventType.Unknown, 1, session, START.plusSeconds(1)));

        assertThat(revoked.hasEnded(session)).isFalse();
        assertThat(revoked.tokensRevokedBefore(user)).isNull();
    }

    @Test
    void aTokenWhoseSessionIdIsNoUuidIsRefused() {
        Jwt odd = Jwt.withTokenValue("t")
                .header("alg", "RS256")
                .subject(user.toString())
                .claim("sid", "not a session")
                .issuedAt(START)
                .build();

        assertThat(revoked.validate(odd).hasErrors()).isTrue();
    }

    private Jwt token(UUID subject, UUID session, Instant issuedAt) {
        Jwt.Builder token = Jwt.withTokenValue("t")
                .header("alg", "RS256")
                .subject(subject.toString())
                .expiresAt((issuedAt == null ? START : issuedAt).plus(Duration.ofMinutes(15)));
        if (session != null) {
            token.claim("sid", session.toString());
        }
        if (issuedAt != null) {
            token.issuedAt(issuedAt);
        }
        return token.build();
    }

    private UserEvent sessionEnded(long version, UUID session, Instant at) {
        return event(UserEventType.SessionEnded, version, session, null, at);
    }

    private UserEvent sessionsRevoked(long version, Instant before) {
        return event(UserEventType.SessionsRevoked, version, null, before);
    }

    private UserEvent event(UserEventType type, long version, UUID session, Instant revokedBefore) {
        return event(type, version, session, revokedBefore, clock.instant());
    }

    private UserEvent event(UserEventType type, long version, UUID session, Instant revokedBefore, Instant occurredAt) {
        return UserEvent.newBuilder()
                .setEventId(UUID.randomUUID())
                .setEventType(type)
                .setOccurredAt(occurredAt)
                .setAggregateId(user)
                .setAggregateVersion(version)
                .setActorId(user)
                .setUser(User.newBuilder()
                        .setId(user)
                        .setIsActive(true)
                        .setIsSuperuser(false)
                        .setCreatedAt(START.minus(Duration.ofDays(30)))
                        .setUpdatedAt(clock.instant())
                        .setSessionsRevokedBefore(revokedBefore)
                        .build())
                .setSessionId(session)
                .build();
    }

    /** A clock the test moves forward. */
    private static final class MovingClock extends Clock {

        private Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        void move(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
