package io.travya.tripaccess.tokens;

import io.travya.events.UserEvent;
import io.travya.events.UserEventType;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The service's own copy of what travya.users says about users' tokens, in its database: for each user
 * the account's state as of the newest event applied (refused: deactivated or erased; the instant
 * before which its tokens are revoked), and the sessions that ended. Fed by {@link UserEventsReader}
 * in one consumer group per service with committed offsets, so a restarted service resumes where it
 * left off instead of reading the topic again, and read by every replica of the service
 * ({@link RefusedTokens}), which therefore refuse from their first request,
 * a restarted one included. An event is applied only if its version is newer than the one held, so an
 * event delivered again or late changes nothing.
 *
 * <p>What it holds does not grow with the topic: one row per user, and an ended session only while a
 * token of it could still be accepted ({@code rememberedFor} after it ended: trip-service issues no
 * token of a session after it ended, and each token lives the access-token lifetime at most).
 */
public class UserTokenReplica {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration rememberedFor;
    private final String upsertUser;
    private final String insertEndedSession;
    private final String forgetEndedSessions;

    public UserTokenReplica(
            JdbcClient jdbc, TransactionTemplate transactions, String schema, Clock clock, Duration rememberedFor) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.rememberedFor = rememberedFor;
        this.upsertUser = "INSERT INTO " + schema + ".token_user (user_id, version, refused, sessions_revoked_before) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET version = EXCLUDED.version, "
                + "refused = EXCLUDED.refused, sessions_revoked_before = EXCLUDED.sessions_revoked_before "
                + "WHERE " + schema + ".token_user.version < EXCLUDED.version";
        this.insertEndedSession = "INSERT INTO " + schema + ".token_ended_session (session_id, forget_at) "
                + "VALUES (?, ?) ON CONFLICT (session_id) DO NOTHING";
        this.forgetEndedSessions = "DELETE FROM " + schema + ".token_ended_session WHERE forget_at <= ?";
    }

    /** Applies an event of travya.users, in one transaction. */
    public void apply(UserEvent event) {
        transactions.executeWithoutResult(tx -> applyInTransaction(event));
    }

    private void applyInTransaction(UserEvent event) {
        // every event carries the account's whole state, whatever its type, one this copy of the schema
        // does not know included; an erased account is refused whatever its last state says
        boolean refused = !event.getUser().getIsActive() || event.getEventType() == UserEventType.UserErased;
        Instant revokedBefore = event.getUser().getSessionsRevokedBefore();
        jdbc.sql(upsertUser)
                .params(
                        event.getAggregateId(),
                        event.getAggregateVersion(),
                        refused,
                        revokedBefore == null ? null : Timestamp.from(revokedBefore))
                .update();
        boolean endsASession = switch (event.getEventType()) {
            case SessionEnded -> true;
            case Unknown, UserRegistered, UserUpdated, UserDeactivated, UserActivated, UserErased, SessionsRevoked ->
                false;
        };
        if (endsASession && event.getSessionId() != null) {
            // in any order: a session that ended stays ended, whatever came before or after
            Instant now = clock.instant();
            Instant forgetAt = event.getOccurredAt().plus(rememberedFor);
            if (forgetAt.isAfter(now)) {
                jdbc.sql(insertEndedSession)
                        .params(event.getSessionId(), Timestamp.from(forgetAt))
                        .update();
            }
            // the sessions whose tokens have all expired go as new ones come: the table holds the
            // last rememberedFor of logouts, however long the topic
            jdbc.sql(forgetEndedSessions).param(Timestamp.from(now)).update();
        }
    }
}
