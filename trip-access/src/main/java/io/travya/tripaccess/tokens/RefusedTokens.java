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
 * Refuses, at once rather than when they expire, the tokens trip-service no longer honours, from the
 * service's {@link UserTokenReplica}: those of users it has deactivated or erased, a logged-out
 * session's ({@code sid} names a session that ended: SessionEnded), and a user's tokens from before a
 * password change ({@code iat} before the user's {@code sessions_revoked_before}: SessionsRevoked).
 * Every replica of the service reads the same tables, so each refuses from its first request, one that
 * has just started included. Platform's resource server consults it as one of its token validators;
 * the three checks are one query, one round trip per request.
 *
 * <p>An ended session or a revocation instant is remembered only while a token it refuses could still
 * be accepted: an ended session for {@code rememberedFor} after it ended, a user's revocation instant
 * for {@code rememberedFor} after that instant ({@code rememberedFor} is the access-token lifetime and
 * the clock skew). A deactivation is remembered until the user is active again.
 */
public class RefusedTokens implements OAuth2TokenValidator<Jwt> {

    /** The session an access token belongs to, as trip-service names it (OpenID Connect's session id). */
    static final String SESSION_CLAIM = "sid";

    private static final OAuth2Error DEACTIVATED = new OAuth2Error("invalid_token", "The user is deactivated", null);
    private static final OAuth2Error ENDED = new OAuth2Error("invalid_token", "The session has ended", null);
    private static final OAuth2Error REVOKED =
            new OAuth2Error("invalid_token", "The token was issued before the user's sessions were revoked", null);

    /** What the replica knows about a token's user and session. */
    record Known(boolean deactivated, boolean sessionEnded, Instant revokedBefore) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration rememberedFor;
    private final String knownQuery;

    public RefusedTokens(JdbcClient jdbc, String schema, Clock clock, Duration rememberedFor) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.rememberedFor = rememberedFor;
        // one row always: the user's row may be missing (nothing known), the session may be null
        this.knownQuery = "SELECT coalesce(u.refused, false),"
                + " EXISTS (SELECT 1 FROM " + schema + ".token_ended_session WHERE session_id = ? AND forget_at > ?),"
                + " CASE WHEN u.sessions_revoked_before > ? THEN u.sessions_revoked_before END"
                + " FROM (SELECT 1) AS one LEFT JOIN " + schema + ".token_user u ON u.user_id = ?";
    }

    public boolean isDeactivated(UUID user) {
        return known(user, null).deactivated();
    }

    public boolean hasEnded(UUID session) {
        return known(null, session).sessionEnded();
    }

    /** The instant before which the user's tokens are refused, or null. */
    public Instant tokensRevokedBefore(UUID user) {
        return known(user, null).revokedBefore();
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
        Known known = known(user, session);
        if (known.deactivated()) {
            return OAuth2TokenValidatorResult.failure(DEACTIVATED);
        }
        if (known.sessionEnded()) {
            return OAuth2TokenValidatorResult.failure(ENDED);
        }
        Instant issuedAt = token.getIssuedAt();
        if (known.revokedBefore() != null && (issuedAt == null || issuedAt.isBefore(known.revokedBefore()))) {
            return OAuth2TokenValidatorResult.failure(REVOKED);
        }
        return OAuth2TokenValidatorResult.success();
    }

    private Known known(UUID user, UUID session) {
        Instant now = clock.instant();
        return jdbc.sql(knownQuery)
                .params(session, Timestamp.from(now), Timestamp.from(now.minus(rememberedFor)), user)
                .query((rs, n) -> {
                    OffsetDateTime before = rs.getObject(3, OffsetDateTime.class);
                    return new Known(rs.getBoolean(1), rs.getBoolean(2), before == null ? null : before.toInstant());
                })
                .single();
    }
}
