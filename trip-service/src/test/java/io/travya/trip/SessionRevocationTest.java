package io.travya.trip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.events.UserEvent;
import io.travya.events.UserEventType;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TopicReader;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.trip.Accounts.Account;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A session is what one login starts; its id is the sid of every access token issued in it. Logging
 * out ends one session, changing the password ends them all, and trip-service refuses their access
 * tokens at once (the other services learn it from travya.users: SessionRevocationSystemIT).
 */
@TravyaIntegrationTest
class SessionRevocationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Autowired
    StringRedisTemplate redis;

    @Value("${travya.redis.key-prefix}")
    String redisPrefix;

    HttpApi api;
    Accounts accounts;

    @BeforeEach
    void setUp() {
        api = new HttpApi(port);
        accounts = new Accounts(api);
    }

    @Test
    void everyAccessTokenNamesItsSessionAndARefreshStaysInTheSession() {
        Account user = accounts.newUser();
        Session other = login(user);

        JsonNode refreshed = refresh(user.refreshToken()).json();

        assertThat(sid(user.token())).isNotBlank().isNotEqualTo(sid(other.token()));
        assertThat(sid(refreshed.get("access_token").asString())).isEqualTo(sid(user.token()));
    }

    @Test
    void loggingOutRefusesThatSessionsAccessTokensAtOnceAndNoOtherSessions() {
        Account user = accounts.newUser();
        Session other = login(user);
        JsonNode refreshed = refresh(user.refreshToken()).json();
        String laterTokenOfTheSession = refreshed.get("access_token").asString();

        HttpApi.Response loggedOut = logout(refreshed.get("refresh_token").asString());

        assertThat(loggedOut.status()).isEqualTo(204);
        for (String token : List.of(user.token(), laterTokenOfTheSession)) {
            HttpApi.Response refused = api.get("/api/v1/users/me", token);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("Content-Type")).contains("application/problem+json");
            assertThat(refused.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        }
        assertThat(api.get("/api/v1/users/me", other.token()).status()).isEqualTo(200);
        assertThat(refresh(refreshed.get("refresh_token").asString()).status()).isEqualTo(401);
        assertThat(refresh(other.refreshToken()).status()).isEqualTo(200);
    }

    @Test
    void loggingOutPublishesSessionEndedWithTheSessionAsTheAccountsNextVersion() {
        Account user = accounts.newUser();
        UUID session = UUID.fromString(sid(user.token()));

        logout(user.refreshToken());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<UserEvent> events = eventsOf(user);
            assertThat(events)
                    .extracting(UserEvent::getEventType)
                    .containsExactly(UserEventType.UserRegistered, UserEventType.SessionEnded);
            assertThat(events.get(1).getSessionId()).isEqualTo(session);
            assertThat(events.get(1).getAggregateVersion()).isEqualTo(1);
            assertThat(events.get(1).getUser().getIsActive()).isTrue();
            assertThat(events.get(1).getUser().getUpdatedAt())
                    .as("the account itself did not change")
                    .isEqualTo(events.get(0).getUser().getUpdatedAt());
        });
    }

    @Test
    void aRefreshTokenUsedTwiceEndsItsSessionEverywhereAsALogoutDoes() {
        Account user = accounts.newUser();
        UUID session = UUID.fromString(sid(user.token()));
        refresh(user.refreshToken());

        assertThat(refresh(user.refreshToken()).status()).isEqualTo(401);

        assertThat(api.get("/api/v1/users/me", user.token()).status()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(eventsOf(user))
                        .filteredOn(event -> event.getEventType() == UserEventType.SessionEnded)
                        .extracting(UserEvent::getSessionId)
                        .containsExactly(session));
    }

    @Test
    void loggingOutWithATokenThatIsUnknownOrAlreadyLoggedOutChangesNothing() {
        Account user = accounts.newUser();
        Session other = login(user);
        logout(user.refreshToken());

        assertThat(logout(user.refreshToken()).status()).isEqualTo(204);
        assertThat(logout("not-a-refresh-token").status()).isEqualTo(204);

        assertThat(api.get("/api/v1/users/me", other.token()).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(eventsOf(user))
                        .extracting(UserEvent::getEventType)
                        .containsExactly(UserEventType.UserRegistered, UserEventType.SessionEnded));
    }

    @Test
    void changingThePasswordRefusesEveryEarlierTokenAtOnceAndANewLoginWorksAtOnce() {
        Account user = accounts.newUser();
        Session other = login(user);

        HttpApi.Response changed = api.post(
                "/api/v1/users/me/password",
                Map.of("current_password", user.password(), "new_password", "a brand new passphrase"),
                user.token());
        HttpApi.Response newLogin = api.post(
                "/api/v1/auth/login", Map.of("username", user.username(), "password", "a brand new passphrase"), null);

        assertThat(changed.status()).isEqualTo(204);
        for (String token : List.of(user.token(), other.token())) {
            HttpApi.Response refused = api.get("/api/v1/users/me", token);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        }
        assertThat(refresh(user.refreshToken()).status()).isEqualTo(401);
        assertThat(refresh(other.refreshToken()).status()).isEqualTo(401);
        assertThat(newLogin.status()).isEqualTo(200);
        String newToken = newLogin.json().get("access_token").asString();
        assertThat(api.get("/api/v1/users/me", newToken).status())
                .as("a login in the same second as the change, after it")
                .isEqualTo(200);
        assertThat(refresh(newLogin.json().get("refresh_token").asString()).status())
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<UserEvent> events = eventsOf(user);
            assertThat(events)
                    .extracting(UserEvent::getEventType)
                    .containsExactly(UserEventType.UserRegistered, UserEventType.SessionsRevoked);
            Instant before = events.get(1).getUser().getSessionsRevokedBefore();
            assertThat(before.getNano()).as("a whole second, as iat is").isZero();
            assertThat(issuedAt(user.token())).isBefore(before);
            assertThat(issuedAt(other.token())).isBefore(before);
            assertThat(issuedAt(newToken)).isAfterOrEqualTo(before);
            assertThat(events.get(1).getSessionId()).isNull();
        });
    }

    @Test
    void aSessionStartedBeforeThePasswordChangedCannotBeRefreshedEvenIfTheSessionStoreMissedTheChange() {
        Account user = accounts.newUser();
        api.post(
                "/api/v1/users/me/password",
                Map.of("current_password", user.password(), "new_password", "a brand new passphrase"),
                user.token());

        // as if the process had died after the commit, before the refresh tokens were revoked
        redis.delete(redisPrefix + ":refresh:revoked:" + sid(user.token()));

        assertThat(refresh(user.refreshToken()).status()).isEqualTo(401);
    }

    private record Session(String token, String refreshToken) {}

    private Session login(Account user) {
        HttpApi.Response login =
                api.post("/api/v1/auth/login", Map.of("username", user.username(), "password", user.password()), null);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return new Session(
                login.json().get("access_token").asString(),
                login.json().get("refresh_token").asString());
    }

    private HttpApi.Response refresh(String refreshToken) {
        return api.post("/api/v1/auth/refresh", Map.of("refresh_token", refreshToken), null);
    }

    private HttpApi.Response logout(String refreshToken) {
        return api.post("/api/v1/auth/logout", Map.of("refresh_token", refreshToken), null);
    }

    private List<UserEvent> eventsOf(Account user) {
        return TopicReader.events(
                corner.endpoints(),
                corner.topic("users"),
                UserEvent.class,
                e -> e.getAggregateId().equals(user.id()));
    }

    private static String sid(String token) {
        return claims(token).get("sid").asString();
    }

    private static Instant issuedAt(String token) {
        return Instant.ofEpochSecond(claims(token).get("iat").asLong());
    }

    private static JsonNode claims(String token) {
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }
}
