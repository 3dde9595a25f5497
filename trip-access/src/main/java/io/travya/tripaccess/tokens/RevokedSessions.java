package io.travya.tripaccess.tokens;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Refuses, within a second rather than when they expire, a logged-out session's tokens and a user's
 * tokens from before a password change, from the service's {@link UserTokenReplica}. A token is
 * refused if its {@code sid} names a session that ended (SessionEnded), or if its {@code iat} is before
 * the user's {@code sessions_revoked_before} (SessionsRevoked). Platform's resource server consults it
 * as one of its token validators.
 *
 * <p>Either is remembered only while a token it refuses could still be accepted: an ended session for
 * {@code rememberedFor} after it ended, a user's revocation instant for {@code rememberedFor} after
 * that instant ({@code rememberedFor} is the access-token lifetime and the clock skew).
 */
public class RevokedSessions implements OAuth2TokenValidator<Jwt> {

    /** The session an access token belongs to, as trip-service names it (OpenID Connect's session id). */
    static final String SESSION_CLAIM = "sid";

    private static final OAuth2Error ENDED = new OAuth2Error("invalid_token", "The session has ended", null);
    private static final OAuth2Error REVOKED =
            new OAuth2Error("invalid_token", "The token was issued before the user's sessions were revoked", null);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration rememberedFor;
    private final String endedQuery;
    private final String revokedBeforeQuery;
    // one round trip per request for both checks
    private final String bothQuery;

    public RevokedSessions(JdbcClient jdbc, String schema, Clock clock, Duration rememberedFor) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.rememberedFor = rememberedFor;
        String ended =
                "EXISTS (SELECT 1 FROM " + schema + ".token_ended_session WHERE session_id = ? AND forget_at > ?)";
        String revokedBefore = "SELECT sessions_revoked_before FROM " + schema
                + ".token_user WHERE user_id = ? AND sessions_revoked_before > ?";
        this.endedQuery = "SELECT " + ended;
        this.revokedBeforeQuery = revokedBefore;
        this.bothQuery = "SELECT " + ended + ", (" + revokedBefore + ")";
    }

    public boolean hasEnded(UUID session) {
        return Boolean.TRUE.equals(
                jdbc.sql(endedQuery).params(session, now()).query(Boolean.class).single());
    }

    /** The instant before which the user's tokens are refused, or null. */
    public Instant tokensRevokedBefore(UUID user) {
        return jdbc.sql(revokedBeforeQuery)
                .params(user, forgottenBefore())
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant())
                .optional()
                .orElse(null);
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        UUID user;
        UUID session;
        try {
            user = UUID.fromString(token.getSubject());
            String sid = token.getClaimAsString(SESSION_CLAIM);
            session = sid == null ? null : UUID.fromString(sid);
        } catch (IllegalArgumentException | NullPointerException e) {
            return OAuth2TokenValidatorResult.failure(
                    new OAuth2Error("invalid_token", "The token names no user or session", null));
        }
        record Known(boolean ended, Instant revokedBefore) {}
        Known known = jdbc.sql(bothQuery)
                .params(session, now(), user, forgottenBefore())
                .query((rs, n) -> {
                    OffsetDateTime before = rs.getObject(2, OffsetDateTime.class);
                    return new Known(rs.getBoolean(1), before == null ? null : before.toInstant());
                })
                .single();
        if (known.ended()) {
            return OAuth2TokenValidatorResult.failure(ENDED);
        }
        Instant issuedAt = token.getIssuedAt();
        if (known.revokedBefore() != null && (issuedAt == null || issuedAt.isBefore(known.revokedBefore()))) {
            return OAuth2TokenValidatorResult.failure(REVOKED);
        }
        return OAuth2TokenValidatorResult.success();
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    /** A revocation instant older than this refuses only tokens that have expired anyway. */
    private Timestamp forgottenBefore() {
        return Timestamp.from(clock.instant().minus(rememberedFor));
    }
}
