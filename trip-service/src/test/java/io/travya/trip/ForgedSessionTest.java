package io.travya.trip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.trip.Accounts.Account;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Redis holds the sessions (a refresh token is a hash under trip-service's prefix), so whoever could
 * write there could log in as anyone. Redis lets no one in who has not logged in, and confines each
 * user of infra/redis/users.acl to its keys and commands.
 */
@TravyaIntegrationTest
class ForgedSessionTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Test
    void aClientThatDoesNotLogInCannotWriteASessionAndTheForgedTokenIsRefused() throws Exception {
        Account victim = new Accounts(new HttpApi(port)).newUser();
        String forged = "forged-" + UUID.randomUUID();
        String key = corner.name() + ":refresh:token:" + sha256(forged);

        assertThatThrownBy(() -> as(anonymous(), redis -> redis.hset(key, session(victim))))
                .hasStackTraceContaining("NOAUTH");
        assertThat(new HttpApi(port)
                        .post("/api/v1/auth/refresh", Map.of("refresh_token", forged), null)
                        .status())
                .isEqualTo(401);
    }

    @Test
    void tripServiceWritesItsOwnKeysAndNothingElse() {
        String tripService = corner.redisUriAs("trip-service");
        String own = corner.name() + ":refresh:token:" + sha256("own-" + UUID.randomUUID());
        assertThatCode(() -> as(tripService, redis -> {
                    redis.hset(own, Map.of("user", UUID.randomUUID().toString(), "family", "f"));
                    redis.del(own);
                }))
                .doesNotThrowAnyException();

        String production = "travya:refresh:token:" + sha256("x");
        assertThatThrownBy(() -> as(tripService, redis -> redis.hset(production, Map.of("user", "x"))))
                .hasStackTraceContaining("NOPERM");
        assertThatThrownBy(() -> as(tripService, redis -> redis.get("another-corner:rm:current")))
                .hasStackTraceContaining("NOPERM");
    }

    @Test
    void tripServiceCannotAdministerRedis() {
        String tripService = corner.redisUriAs("trip-service");
        for (Consumer<RedisCommands<String, String>> command :
                java.util.List.<Consumer<RedisCommands<String, String>>>of(
                        redis -> redis.flushall(),
                        redis -> redis.configGet("*"),
                        redis -> redis.keys("*"),
                        redis -> redis.aclList(),
                        redis -> redis.info())) {
            assertThatThrownBy(() -> as(tripService, command)).hasStackTraceContaining("NOPERM");
        }
    }

    @Test
    void theOperatorReadsTheReadModelsButCannotWriteASession() {
        String operator = corner.redisUriAs("operator");
        assertThatCode(() -> as(operator, redis -> redis.get(corner.name() + ":rm:current")))
                .doesNotThrowAnyException();
        String key = corner.name() + ":refresh:token:" + sha256("operator-" + UUID.randomUUID());
        assertThatThrownBy(() -> as(operator, redis -> redis.hset(key, Map.of("user", "x", "family", "f"))))
                .hasStackTraceContaining("NOPERM");
    }

    private String anonymous() {
        String admin = corner.redisUriAs("trip-service");
        return admin.substring(0, admin.indexOf("://") + 3) + admin.substring(admin.indexOf('@') + 1);
    }

    private static Map<String, String> session(Account victim) {
        return Map.of(
                "user", victim.id().toString(), "family", UUID.randomUUID().toString());
    }

    private void as(String uri, Consumer<RedisCommands<String, String>> work) {
        RedisClient client = corner.endpoints().redisClient(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            work.accept(connection.sync());
        } finally {
            client.shutdown();
        }
    }

    private static String sha256(String token) throws IllegalStateException {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
