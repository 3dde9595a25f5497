package io.travya.trip.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Sessions and their refresh tokens, kept in Redis (the seed's session storage) under the SHA-256 of
 * the token, never the token itself. A session is what one login starts: a family of refresh tokens,
 * each used once and replaced by the next, and its id is the {@code sid} claim of every access token
 * issued in it. A token used a second time means it was stolen: its whole family is revoked.
 *
 * <p>Redis also holds what makes trip-service refuse an access token before it expires: the sessions
 * that ended ({@code revoked:<session>}) and, per user, the instant before which every token is
 * refused ({@code revoked-before:<user>}, a password change), each kept as long as a token it refuses
 * could still be accepted.
 */
@Component
class RefreshTokens {

    /**
     * A session: whose it is, its id, and when it started (the issue time of its first access token, a
     * whole second like a token's iat).
     */
    record Session(UUID userId, UUID id, Instant startedAt) {}

    /** What refuses an access token of a user's session, if anything. */
    record Revocations(boolean sessionEnded, Instant tokensIssuedBefore) {}

    /**
     * How much later than its expiry a token is still accepted: the clock skew of Spring Security's
     * JwtTimestampValidator, which every Travya service checks tokens with.
     */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private static final SecureRandom RANDOM = new SecureRandom();

    // KEYS: the token; ARGV: lifetime in ms. A token used once is kept as its own used marker (field
    // used), so the script touches one key: in Redis Cluster a script's keys must share a hash slot,
    // and the session's revocation marker is in another (read after it).
    // Returns {user, family, started} or {"reused", family, user} or {}.
    private static final RedisScript<List> CONSUME = RedisScript.of("""
            local session = redis.call('HMGET', KEYS[1], 'user', 'family', 'started', 'used')
            if not session[1] then return {} end
            if session[4] then return {'reused', session[2], session[1]} end
            redis.call('HSET', KEYS[1], 'used', '1')
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return {session[1], session[2], session[3] or '0'}
            """, List.class);

    private final StringRedisTemplate redis;
    private final AuthProperties properties;
    private final Clock clock;
    private final String prefix;

    RefreshTokens(
            StringRedisTemplate redis,
            AuthProperties properties,
            Clock clock,
            @Value("${travya.redis.key-prefix}") String prefix) {
        this.redis = redis;
        this.properties = properties;
        this.clock = clock;
        this.prefix = prefix + ":refresh:";
    }

    /** A new session (a login) whose first access token is issued at {@code issuedAt}; nothing is stored yet. */
    Session start(UUID userId, Instant issuedAt) {
        return new Session(userId, UUID.randomUUID(), issuedAt);
    }

    /** A new refresh token of the session: the first of a login, or the next one after a refresh. */
    String issue(Session session) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String key = prefix + "token:" + hash(token);
        String user = session.userId().toString();
        redis.opsForHash()
                .putAll(
                        key,
                        Map.of(
                                "user",
                                user,
                                "family",
                                session.id().toString(),
                                "started",
                                Long.toString(session.startedAt().getEpochSecond())));
        redis.expire(key, properties.refreshTokenLifetime());
        redis.opsForSet().add(prefix + "user:" + user, session.id().toString());
        redis.expire(prefix + "user:" + user, properties.refreshTokenLifetime());
        return token;
    }

    /**
     * Takes a refresh token in exchange for the session it belongs to; the token cannot be used again.
     * Empty if the token is unknown, expired, revoked, or was already used: then it was stolen (or the
     * session's owner has it from someone who stole it), and its whole session ends here and is handed
     * to {@code stolen} (user id and session id only), to be ended everywhere else too.
     */
    Optional<Session> consume(String token, Consumer<Session> stolen) {
        String hash = hash(token);
        List<?> result = redis.execute(
                CONSUME,
                List.of(prefix + "token:" + hash),
                Long.toString(properties.refreshTokenLifetime().toMillis()));
        if (result == null || result.size() != 3) {
            return reusedBefore(hash, stolen);
        }
        if ("reused".equals(result.get(0))) {
            return reused((String) result.get(1), (String) result.get(2), stolen);
        }
        if (Boolean.TRUE.equals(redis.hasKey(prefix + "revoked:" + result.get(1)))) {
            return Optional.empty();
        }
        return Optional.of(session((String) result.get(0), (String) result.get(1), (String) result.get(2)));
    }

    /** A token used a second time: its whole session ends, here and ({@code stolen}) everywhere else. */
    private Optional<Session> reused(String family, String user, Consumer<Session> stolen) {
        end(UUID.fromString(family));
        if (!user.isEmpty()) {
            stolen.accept(session(user, family, "0"));
        }
        return Optional.empty();
    }

    /**
     * An unknown token may be one used before tokens became their own used markers: those markers
     * ({@code used:<hash>}, "&lt;family&gt; &lt;user&gt;" or "&lt;family&gt;") live as long as the tokens could.
     */
    private Optional<Session> reusedBefore(String hash, Consumer<Session> stolen) {
        String used = redis.opsForValue().get(prefix + "used:" + hash);
        if (used == null) {
            return Optional.empty();
        }
        String[] familyAndUser = used.split(" ", 2);
        return reused(familyAndUser[0], familyAndUser.length > 1 ? familyAndUser[1] : "", stolen);
    }

    /** The live session a refresh token belongs to, without using the token. */
    Optional<Session> find(String token) {
        List<Object> fields = redis.opsForHash()
                .multiGet(prefix + "token:" + hash(token), List.of("user", "family", "started", "used"));
        if (fields.get(0) == null || fields.get(1) == null || fields.get(3) != null) {
            return Optional.empty();
        }
        if (Boolean.TRUE.equals(redis.hasKey(prefix + "revoked:" + fields.get(1)))) {
            return Optional.empty();
        }
        return Optional.of(
                session((String) fields.get(0), (String) fields.get(1), Objects.toString(fields.get(2), "0")));
    }

    /** Deletes a refresh token (once its session has ended). */
    void forget(String token) {
        redis.delete(prefix + "token:" + hash(token));
    }

    /**
     * Ends a session (a logout): none of its refresh tokens works any more, and trip-service refuses its
     * access tokens. Remembered as long as a refresh token of it could come back.
     */
    void end(UUID session) {
        redis.opsForValue().set(prefix + "revoked:" + session, "1", properties.refreshTokenLifetime());
    }

    /** Ends every session of the user: each family they started is revoked. */
    void revokeAll(UUID userId) {
        Set<String> families = redis.opsForSet().members(prefix + "user:" + userId);
        if (families != null) {
            for (String family : families) {
                redis.opsForValue().set(prefix + "revoked:" + family, "1", properties.refreshTokenLifetime());
            }
        }
        redis.delete(prefix + "user:" + userId);
    }

    /**
     * Refuses every access token of the user issued before {@code instant}, for as long as one of them
     * could still be accepted: the access-token lifetime after it, and the clock skew.
     */
    void refuseTokensIssuedBefore(UUID userId, Instant instant) {
        Duration remembered = Duration.between(clock.instant(), instant)
                .plus(properties.accessTokenLifetime())
                .plus(CLOCK_SKEW);
        if (remembered.compareTo(Duration.ofSeconds(1)) >= 0) {
            redis.opsForValue()
                    .set(prefix + "revoked-before:" + userId, Long.toString(instant.getEpochSecond()), remembered);
        }
    }

    /** What refuses the access tokens of this session of the user ({@code session} null for a token without one). */
    Revocations revocations(UUID userId, String session) {
        List<String> keys = session == null
                ? List.of(prefix + "revoked-before:" + userId)
                : List.of(prefix + "revoked-before:" + userId, prefix + "revoked:" + session);
        List<String> values = redis.opsForValue().multiGet(keys);
        if (values == null) {
            values = Arrays.asList(null, null);
        }
        String before = values.get(0);
        return new Revocations(
                values.size() > 1 && values.get(1) != null,
                before == null ? null : Instant.ofEpochSecond(Long.parseLong(before)));
    }

    private static Session session(String user, String family, String started) {
        return new Session(
                UUID.fromString(user), UUID.fromString(family), Instant.ofEpochSecond(Long.parseLong(started)));
    }

    private static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
