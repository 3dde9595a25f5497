package io.travya.tripaccess.tokens;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.travya.events.UserEvent;
import io.travya.events.UserEventType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The sessions trip-service has ended, learnt from travya.users, so that services which only verify
 * tokens refuse a logged-out session's tokens, and a user's tokens from before a password change,
 * within a second rather than when they expire. A token is refused if its {@code sid} names a session
 * that ended (SessionEnded), or if its {@code iat} is before the user's {@code sessions_revoked_before}
 * (SessionsRevoked). Platform's resource server consults it as one of its token validators.
 *
 * <p>Every replica reads the whole topic ({@link UserEventsReader}), but keeps a revocation only while a token it refuses could still be accepted: an ended session for {@code
 * rememberedFor} after it ended, a user's revocation instant for {@code rememberedFor} after that
 * instant (trip-service issues no token of a session after it ended, and each token lives the
 * access-token lifetime at most; {@code rememberedFor} is that lifetime and the clock skew). So memory
 * holds the revocations of the last {@code rememberedFor} only, however long the topic.
 */
public class RevokedSessions implements OAuth2TokenValidator<Jwt> {

    /** The session an access token belongs to, as trip-service names it (OpenID Connect's session id). */
    static final String SESSION_CLAIM = "sid";

    private static final OAuth2Error ENDED = new OAuth2Error("invalid_token", "The session has ended", null);
    private static final OAuth2Error REVOKED =
            new OAuth2Error("invalid_token", "The token was issued before the user's sessions were revoked", null);

    /** The instant before which a user's tokens are refused, and the version of the event that said so. */
    private record Revocation(long version, Instant tokensIssuedBefore) {}

    private final Clock clock;
    private final Duration rememberedFor;
    // session id -> when it can be forgotten
    private final Cache<UUID, Instant> endedSessions;
    private final Cache<UUID, Revocation> revocations;

    public RevokedSessions(Clock clock, Duration rememberedFor) {
        this.clock = clock;
        this.rememberedFor = rememberedFor;
        this.endedSessions = rememberedUntil(forgetAt -> forgetAt);
        this.revocations =
                rememberedUntil(revocation -> revocation.tokensIssuedBefore().plus(rememberedFor));
    }

    /** Each event of travya.users, from {@link UserEventsReader}. */
    void on(UserEvent event) {
        if (event.getEventType() == UserEventType.Unknown) {
            return; // a newer type than this copy of the schema knows
        }
        boolean endsASession = switch (event.getEventType()) {
            case SessionEnded -> true;
            case Unknown, UserRegistered, UserUpdated, UserDeactivated, UserActivated, UserErased, SessionsRevoked ->
                false;
        };
        if (endsASession && event.getSessionId() != null) {
            // in any order: a session that ended stays ended, whatever came before or after
            Instant forgetAt = event.getOccurredAt().plus(rememberedFor);
            if (forgetAt.isAfter(clock.instant())) {
                endedSessions.put(event.getSessionId(), forgetAt);
            }
        }
        // every event carries the account's state, sessions_revoked_before included; the newest version
        // holds, so an event delivered late or again never brings back an older instant
        Instant before = event.getUser().getSessionsRevokedBefore();
        if (before != null && before.plus(rememberedFor).isAfter(clock.instant())) {
            long version = event.getAggregateVersion();
            revocations
                    .asMap()
                    .compute(
                            event.getAggregateId(),
                            (user, known) -> known != null && known.version() >= version
                                    ? known
                                    : new Revocation(version, before));
        }
    }

    public boolean hasEnded(UUID session) {
        return endedSessions.getIfPresent(session) != null;
    }

    /** The instant before which the user's tokens are refused, or null. */
    public Instant tokensRevokedBefore(UUID user) {
        Revocation revocation = revocations.getIfPresent(user);
        return revocation == null ? null : revocation.tokensIssuedBefore();
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
        if (session != null && hasEnded(session)) {
            return OAuth2TokenValidatorResult.failure(ENDED);
        }
        Instant before = tokensRevokedBefore(user);
        Instant issuedAt = token.getIssuedAt();
        if (before != null && (issuedAt == null || issuedAt.isBefore(before))) {
            return OAuth2TokenValidatorResult.failure(REVOKED);
        }
        return OAuth2TokenValidatorResult.success();
    }

    /** How many revocations are remembered (ended sessions and users), once the expired ones are gone. */
    long remembered() {
        endedSessions.cleanUp();
        revocations.cleanUp();
        return endedSessions.estimatedSize() + revocations.estimatedSize();
    }

    /**
     * A cache whose entries go when {@code forgetAt} says, each at its own time, on this service's
     * clock: Caffeine's timer wheel finds the expired ones without scanning the rest.
     */
    private <K, V> Cache<K, V> rememberedUntil(Function<V, Instant> forgetAt) {
        return Caffeine.newBuilder()
                .ticker(() -> {
                    Instant now = clock.instant();
                    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                })
                .expireAfter(
                        Expiry.<K, V>writing((key, value) -> Duration.between(clock.instant(), forgetAt.apply(value))))
                .build();
    }
}
