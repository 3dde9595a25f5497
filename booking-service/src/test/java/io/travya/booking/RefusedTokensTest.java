package io.travya.booking;

import static org.assertj.core.api.Assertions.assertThat;

import io.travya.events.User;
import io.travya.events.UserEvent;
import io.travya.events.UserEventType;
import io.travya.platform.test.TestEvents;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.tripaccess.tokens.RefusedTokens;
import io.travya.tripaccess.tokens.UserTokenReplica;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Which tokens the service refuses from what travya.users told it, and for how long it remembers:
 * trip-access's validator on the service's own tables, fed event by event as its consumer feeds
 * them (the consumer itself: {@code DeactivatedUserTest}). Users and sessions are random, so the
 * service's own consumer, which shares the tables, does not interfere; the clock is the test's, a day
 * ahead of the service's, so the service's consumer forgets none of the sessions this test remembers.
 */
@TravyaIntegrationTest
class RefusedTokensTest {

    private static final Duration REMEMBERED_FOR = Duration.ofMinutes(16);
    private static final Instant START = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);

    private final MovingClock clock = new MovingClock(START);
    private final UUID user = UUID.randomUUID();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Value("${travya.schema}")
    String schema;

    private UserTokenReplica replica() {
        return new UserTokenReplica(jdbc, transactions, schema, clock, REMEMBERED_FOR);
    }

    private RefusedTokens refused() {
        return new RefusedTokens(jdbc, schema, clock, REMEMBERED_FOR);
    }

    // --- deactivated and erased users

    @Test
    void aDeactivatedUserIsRefusedUntilReactivated() {
        replica().apply(TestEvents.userEvent(user, 1, false));
        boolean refusedWhileInactive =
                refused().validate(token(user, null, START)).hasErrors();
        replica().apply(TestEvents.userEvent(user, 2, true));

        assertThat(refusedWhileInactive).isTrue();
        assertThat(refused().validate(token(user, null, START)).hasErrors()).isFalse();
    }

    @Test
    void aReplicaThatHasJustStartedRefusesADeactivatedUserAtOnceWithoutReadingAnything() {
        replica().apply(TestEvents.userEvent(user, 1, false));

        // a replica started after the event, as after a restart: it reads the table, not the topic
        RefusedTokens startedLater = refused();

        assertThat(startedLater.validate(token(user, null, START)).hasErrors()).isTrue();
    }

    @Test
    void anErasedUserIsRefusedWhateverTheEventSaysOfTheAccountsState() {
        UserEvent erased = TestEvents.userEvent(user, 3, true);
        erased.put("event_type", UserEventType.UserErased);

        replica().apply(erased);

        assertThat(refused().isDeactivated(user)).isTrue();
        assertThat(refused().validate(token(user, null, START)).hasErrors()).isTrue();
    }

    @Test
    void anOlderEventArrivingLateChangesNothing() {
        replica().apply(TestEvents.userEvent(user, 2, false));
        replica().apply(TestEvents.userEvent(user, 1, true));

        assertThat(refused().isDeactivated(user)).isTrue();
    }

    @Test
    void aUserTheServiceHasNotHeardOfIsNotRefused() {
        assertThat(refused().validate(token(user, null, START)).hasErrors()).isFalse();
        assertThat(refused().validate(token(user, UUID.randomUUID(), START)).hasErrors())
                .isFalse();
    }

    // --- ended sessions and revoked ones

    @Test
    void aTokenOfASessionThatEndedIsRefusedAndTheUsersOtherSessionsAreNot() {
        UUID loggedOut = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        Jwt ofTheSession = token(user, loggedOut, START.minusSeconds(60));
        assertThat(refused().validate(ofTheSession).hasErrors()).isFalse();

        replica().apply(sessionEnded(1, loggedOut, START));

        OAuth2TokenValidatorResult refused = refused().validate(ofTheSession);
        assertThat(refused.hasErrors()).isTrue();
        assertThat(refused.getErrors())
                .allSatisfy(error -> assertThat(error.getErrorCode()).isEqualTo("invalid_token"));
        assertThat(refused()
                        .validate(token(user, other, START.minusSeconds(60)))
                        .hasErrors())
                .isFalse();
    }

    @Test
    void anEndedSessionIsForgottenOnceEveryTokenOfItHasExpired() {
        UUID loggedOut = UUID.randomUUID();
        replica().apply(sessionEnded(1, loggedOut, START));

        clock.move(REMEMBERED_FOR.minusSeconds(1));
        assertThat(refused().hasEnded(loggedOut)).isTrue();

        clock.move(Duration.ofSeconds(1));
        assertThat(refused().hasEnded(loggedOut)).isFalse();
        replica().apply(sessionEnded(2, UUID.randomUUID(), clock.instant()));
        assertThat(rowsOf(loggedOut))
                .as("its row goes when another session ends")
                .isZero();
    }

    @Test
    void sessionsThatEndedLongerAgoThanATokenLivesAreNotRememberedWhenTheTopicIsReadFromTheBeginning() {
        UUID[] sessions = new UUID[100];
        for (int i = 0; i < sessions.length; i++) {
            sessions[i] = UUID.randomUUID();
            replica()
                    .apply(sessionEnded(
                            i + 1, sessions[i], START.minus(REMEMBERED_FOR).minusSeconds(i)));
        }
        replica().apply(sessionsRevoked(sessions.length + 1, START.minus(REMEMBERED_FOR)));

        for (UUID session : sessions) {
            assertThat(rowsOf(session)).isZero();
        }
        assertThat(refused().tokensRevokedBefore(user)).isNull();
    }

    @Test
    void aPasswordChangeRefusesEveryTokenOfTheUserIssuedBeforeItsInstantAndNoneIssuedFromThen() {
        Instant before = START.plusSeconds(1);

        replica().apply(sessionsRevoked(1, before));

        assertThat(refused().validate(token(user, UUID.randomUUID(), START)).hasErrors())
                .isTrue();
        assertThat(refused().validate(token(user, null, START)).hasErrors())
                .as("a token without a session")
                .isTrue();
        assertThat(refused().validate(token(user, UUID.randomUUID(), before)).hasErrors())
                .isFalse();
        assertThat(refused()
                        .validate(token(UUID.randomUUID(), UUID.randomUUID(), START))
                        .hasErrors())
                .as("another user's token")
                .isFalse();
    }

    @Test
    void aTokenWithoutAnIssueTimeIsRefusedOnceTheUsersSessionsWereRevoked() {
        replica().apply(sessionsRevoked(1, START));

        assertThat(refused().validate(token(user, UUID.randomUUID(), null)).hasErrors())
                .isTrue();
    }

    @Test
    void aRevocationIsForgottenOnceEveryTokenItRefusesHasExpired() {
        replica().apply(sessionsRevoked(1, START));

        clock.move(REMEMBERED_FOR);

        assertThat(refused().tokensRevokedBefore(user)).isNull();
    }

    @Test
    void anOlderEventDeliveredLateNeverMovesTheRevocationBack() {
        Instant first = START.minusSeconds(30);
        Instant second = START;
        replica().apply(sessionsRevoked(3, second));

        replica().apply(sessionsRevoked(2, first));
        replica().apply(sessionsRevoked(3, second));

        assertThat(refused().tokensRevokedBefore(user)).isEqualTo(second);
        assertThat(refused()
                        .validate(token(user, UUID.randomUUID(), first.plusSeconds(10)))
                        .hasErrors())
                .isTrue();
    }

    @Test
    void aNewerEventCarriesTheAccountsStateAndMovesTheRevocationForward() {
        replica().apply(sessionsRevoked(2, START.minusSeconds(30)));

        replica().apply(event(UserEventType.UserUpdated, 3, null, START.plusSeconds(5)));
        replica().apply(sessionsRevoked(4, START.plusSeconds(5)));

        assertThat(refused().tokensRevokedBefore(user)).isEqualTo(START.plusSeconds(5));
    }

    @Test
    void aSessionThatEndedStaysEndedWhateverOrderItsEventArrivesIn() {
        UUID loggedOut = UUID.randomUUID();
        replica().apply(event(UserEventType.UserUpdated, 5, null, null));

        replica().apply(sessionEnded(4, loggedOut, START));

        assertThat(refused().hasEnded(loggedOut)).isTrue();
    }

    @Test
    void anEventOfATypeThisServiceDoesNotKnowYetEndsNoSessionButTheAccountsStateItCarriesHolds() {
        UUID session = UUID.randomUUID();
        UserEvent unknown = event(UserEventType.Unknown, 1, session, START.plusSeconds(1));
        unknown.getUser().put("is_active", false);

        replica().apply(unknown);

        assertThat(refused().hasEnded(session)).isFalse();
        assertThat(refused().tokensRevokedBefore(user)).isEqualTo(START.plusSeconds(1));
        assertThat(refused().isDeactivated(user)).isTrue();
    }

    @Test
    void aTokenWhoseSessionIdIsNoUuidIsRefused() {
        Jwt odd = Jwt.withTokenValue("t")
                .header("alg", "RS256")
                .subject(user.toString())
                .claim("sid", "not a session")
                .issuedAt(START)
                .build();

        assertThat(refused().validate(odd).hasErrors()).isTrue();
    }

    @Test
    void aTokenThatNamesNoUserIsRefused() {
        Jwt odd = Jwt.withTokenValue("t")
                .header("alg", "RS256")
                .subject("not a user")
                .issuedAt(START)
                .build();

        assertThat(refused().validate(odd).hasErrors()).isTrue();
        assertThat(refused().validate(odd).hasErrors()).isTrue();
    }

    private long rowsOf(UUID session) {
        return jdbc.sql("SELECT count(*) FROM " + schema + ".token_ended_session WHERE session_id = ?")
                .param(session)
                .query(Long.class)
                .single();
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
