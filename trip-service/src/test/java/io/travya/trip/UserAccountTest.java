package io.travya.trip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.events.UserEvent;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TopicReader;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.trip.Accounts.Account;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@TravyaIntegrationTest
class UserAccountTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    HttpApi api;
    Accounts accounts;

    @BeforeEach
    void setUp() {
        api = new HttpApi(port);
        accounts = new Accounts(api);
    }

    @Test
    void anEmailOrUsernameCanBeRegisteredOnlyOnceWhateverItsCase() {
        Account first = accounts.newUser();

        HttpApi.Response sameEmail = api.post(
                "/api/v1/auth/register",
                Map.of(
                        "email",
                        first.email().toUpperCase(),
                        "username",
                        "other" + first.username(),
                        "password",
                        "long enough pw"),
                null);
        HttpApi.Response sameName = api.post(
                "/api/v1/auth/register",
                Map.of(
                        "email",
                        "other-" + first.email(),
                        "username",
                        first.username().toUpperCase(),
                        "password",
                        "long enough pw"),
                null);

        assertThat(sameEmail.status()).isEqualTo(409);
        assertThat(sameEmail.json().get("errors").get(0).get("field").asString())
                .isEqualTo("email");
        assertThat(sameName.status()).isEqualTo(409);
        assertThat(sameName.json().get("errors").get(0).get("field").asString()).isEqualTo("username");
    }

    @Test
    void logsInWithTheUsernameOrTheEmailAndNeverWithAWrongPassword() {
        Account user = accounts.newUser();

        JsonNode byEmail = api.post(
                        "/api/v1/auth/login", Map.of("username", user.email(), "password", user.password()), null)
                .json();
        HttpApi.Response wrong =
                api.post("/api/v1/auth/login", Map.of("username", user.username(), "password", "not it at all"), null);

        assertThat(byEmail.get("token_type").asString()).isEqualTo("bearer");
        assertThat(byEmail.get("expires_in").asLong()).isEqualTo(900);
        assertThat(api.get("/api/v1/users/me", byEmail.get("access_token").asString())
                        .json()
                        .get("id")
                        .asString())
                .isEqualTo(user.id().toString());
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().has("access_token")).isFalse();
    }

    @Test
    void theProfileChangesAndIsPublishedWithoutThePasswordHash() {
        Account user = accounts.newUser();

        HttpApi.Response changed = api.patch(
                "/api/v1/users/me",
                Map.of("full_name", "Ada Lovelace", "username", user.username() + "x"),
                user.token());

        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().get("full_name").asString()).isEqualTo("Ada Lovelace");
        assertThat(changed.json().has("hashed_password")).isFalse();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<UserEvent> events = TopicReader.events(
                    corner.endpoints(),
                    corner.topic("users"),
                    UserEvent.class,
                    e -> e.getAggregateId().equals(user.id()));
            assertThat(events).extracting(UserEvent::getEventType).containsExactly("UserRegistered", "UserUpdated");
            assertThat(events.get(1).getUser().getFullName()).isEqualTo("Ada Lovelace");
            assertThat(events.get(1).getAggregateVersion()).isEqualTo(1);
        });
    }

    @Test
    void aRefreshTokenWorksOnceAndReusingItEndsTheWholeSession() {
        Account user = accounts.newUser();

        HttpApi.Response first = api.post("/api/v1/auth/refresh", Map.of("refresh_token", user.refreshToken()), null);
        String second = first.json().get("refresh_token").asString();
        HttpApi.Response replayed =
                api.post("/api/v1/auth/refresh", Map.of("refresh_token", user.refreshToken()), null);
        HttpApi.Response afterTheft = api.post("/api/v1/auth/refresh", Map.of("refresh_token", second), null);

        assertThat(first.status()).isEqualTo(200);
        assertThat(api.get("/api/v1/users/me", first.json().get("access_token").asString())
                        .status())
                .isEqualTo(200);
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(afterTheft.status())
                .as("the family was revoked when a used token came back")
                .isEqualTo(401);
    }

    @Test
    void loggingOutEndsTheSession() {
        Account user = accounts.newUser();

        assertThat(api.post("/api/v1/auth/logout", Map.of("refresh_token", user.refreshToken()), null)
                        .status())
                .isEqualTo(204);
        assertThat(api.post("/api/v1/auth/refresh", Map.of("refresh_token", user.refreshToken()), null)
                        .status())
                .isEqualTo(401);
    }

    @Test
    void changingThePasswordEndsEverySessionAndTheOldPasswordStopsWorking() {
        Account user = accounts.newUser();

        HttpApi.Response changed = api.post(
                "/api/v1/users/me/password",
                Map.of("current_password", user.password(), "new_password", "a brand new passphrase"),
                user.token());

        assertThat(changed.status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(
                                api.post("/api/v1/auth/refresh", Map.of("refresh_token", user.refreshToken()), null)
                                        .status())
                        .isEqualTo(401));
        assertThat(api.post(
                                "/api/v1/auth/login",
                                Map.of("username", user.username(), "password", user.password()),
                                null)
                        .status())
                .isEqualTo(401);
        assertThat(api.post(
                                "/api/v1/auth/login",
                                Map.of("username", user.username(), "password", "a brand new passphrase"),
                                null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aDeactivatedUserCannotLogInAndTheirTokensStopWorking() {
        Account user = accounts.newUser();

        assertThat(api.post("/api/v1/users/me/deactivate", null, user.token()).status())
                .isEqualTo(204);

        assertThat(api.get("/api/v1/users/me", user.token()).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/trips", user.token()).status()).isEqualTo(401);
        assertThat(api.post(
                                "/api/v1/auth/login",
                                Map.of("username", user.username(), "password", user.password()),
                                null)
                        .status())
                .isEqualTo(401);
        assertThat(api.post("/api/v1/auth/refresh", Map.of("refresh_token", user.refreshToken()), null)
                        .status())
                .isEqualTo(401);
    }

    @Test
    void administratorsListUsersAndDeactivateOrReactivateThem() {
        Account admin = administrator();
        Account user = accounts.newUser();

        HttpApi.Response listed = api.get("/api/v1/users?limit=100", admin.token());
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        JsonNode page = listed.json();
        HttpApi.Response deactivated = api.post("/api/v1/users/" + user.id() + "/deactivate", null, admin.token());
        int whileInactive = api.get("/api/v1/users/me", user.token()).status();
        HttpApi.Response reactivated = api.post("/api/v1/users/" + user.id() + "/activate", null, admin.token());

        assertThat(page.get("count").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(deactivated.json().get("is_active").asBoolean()).isFalse();
        assertThat(whileInactive).isEqualTo(401);
        assertThat(reactivated.json().get("is_active").asBoolean()).isTrue();
        assertThat(api.post(
                                "/api/v1/auth/login",
                                Map.of("username", user.username(), "password", user.password()),
                                null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void someoneWhoIsNotAnAdministratorCannotManageUsers() {
        Account user = accounts.newUser();
        Account other = accounts.newUser();

        assertThat(api.get("/api/v1/users", user.token()).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/users/" + other.id() + "/deactivate", null, user.token())
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/users/me", other.token()).status()).isEqualTo(200);
    }

    private Account administrator() {
        return accounts.administrator();
    }
}
