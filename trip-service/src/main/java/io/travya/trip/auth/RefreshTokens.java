package io.travya.trip.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Refresh tokens, kept in Redis (the seed's session storage) under the SHA-256 of the token, never the
 * token itself. Each use rotates the token. A token used a second time means it was stolen: its whole
 * family (every token descended from the same login) is revoked.
 */
@Component
class RefreshTokens {

    /** The session a refresh token belongs to. */
    record Session(UUID userId, String family) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    // KEYS: token, used-marker, family-revoked; ARGV: none. Returns {user, family} or {"reused", family} or {}.
    private static final RedisScript<List> CONSUME = RedisScript.of("""
            local session = redis.call('HMGET', KEYS[1], 'user', 'family')
            if session[1] then
              redis.call('DEL', KEYS[1])
              local revoked = redis.call('EXISTS', KEYS[3] .. session[2])
              if revoked == 1 then return {} end
              redis.call('SET', KEYS[2], session[2], 'PX', ARGV[1])
              return {session[1], session[2]}
            end
            local family = redis.call('GET', KEYS[2])
            if family then
              redis.call('SET', KEYS[3] .. family, '1', 'PX', ARGV[1])
              return {'reused', family}
            end
            return {}
            """, List.class);

    private final StringRedisTemplate redis;
    private final AuthProperties properties;
    private final String prefix;

    RefreshTokens(
            StringRedisTemplate redis, AuthProperties properties, @Value("${travya.redis.key-prefix}") String prefix) {
        this.redis = redis;
        this.properties = properties;
        this.prefix = prefix + ":refresh:";
    }

    /** Starts a new session (a login) and returns its first refresh token. */
    String issue(UUID userId) {
        return issue(userId, UUID.randomUUID().toString());
    }

    /**
     * Takes a refresh token in exchange for the session it belongs to; the token cannot be used again.
     * Empty if the token is unknown, expired, revoked, or was already used (which revokes the family).
     */
    Optional<Session> consume(String token) {
        String hash = hash(token);
        List<?> result = redis.execute(
                CONSUME,
                List.of(prefix + "token:" + hash, prefix + "used:" + hash, prefix + "revoked:"),
                Long.toString(properties.refreshTokenLifetime().toMillis()));
        if (result == null || result.size() != 2 || "reused".equals(result.get(0))) {
            return Optional.empty();
        }
        return Optional.of(new Session(UUID.fromString((String) result.get(0)), (String) result.get(1)));
    }

    /** Continues a session with a new token. */
    String rotate(Session session) {
        return issue(session.userId(), session.family());
    }

    /** Ends the session the token belongs to (logout). */
    void revoke(String token) {
        String key = prefix + "token:" + hash(token);
        Object family = redis.opsForHash().get(key, "family");
        redis.delete(key);
        if (family != null) {
            redis.opsForValue().set(prefix + "revoked:" + family, "1", properties.refreshTokenLifetime());
        }
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

    private String issue(UUID userId, String family) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String key = prefix + "token:" + hash(token);
        redis.opsForHash().putAll(key, Map.of("user", userId.toString(), "family", family));
        redis.expire(key, properties.refreshTokenLifetime());
        redis.opsForSet().add(prefix + "user:" + userId, family);
        redis.expire(prefix + "user:" + userId, properties.refreshTokenLifetime());
        return token;
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
