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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
    void theProfileChangesAndIsPublishedWithoutThePasswordHashOrAnyPersonalData() {
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
            assertThat(events)
                    .extracting(UserEvent::getEventType)
                    .containsExactly(UserEventType.UserRegistered, UserEventType.UserUpdated);
            assertThat(events.get(1).getAggregateVersion()).isEqualTo(1);
            // the topic keeps every record forever: the new name is not in it, nor the email or username
            assertThat(events.get(1).getUser().getSchema().getFields())
                    .extracting(org.apache.avro.Schema.Field::name)
                    .containsExactly(
                            "id", "is_active", "is_superuser", "created_at", "updated_at", "sessions_revoked_before");
            assertThat(events.get(1).toString()).doesNotContain("Ada Lovelace").doesNotContain(user.username());
        });
    }

    @Test
    void aRefreshTokenWorksOnceAndReusingItEndsTheWholeSession() {
        Account user = accounts.newUser();

        HttpApi.Response first = api.post("/api/v1/auth/refresh", Map.of("refresh_token", user.refreshToken()), null);
        String second = first.json().get("refresh_token").asString();
        String accessToken = first.json().get("access_token").asString();
        int beforeTheft = api.get("/api/v1/users/me", accessToken).status();
        HttpApi.Response replayed =
                api.post("/api/v1/auth/refresh", Map.of("refresh_token", user.refreshToken()), null);
        HttpApi.Response afterTheft = api.post("/api/v1/auth/refresh", Map.of("refresh_token", second), null);

        assertThat(first.status()).isEqualTo(200);
        assertThat(beforeTheft).isEqualTo(200);
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(afterTheft.status())
                .as("the family was revoked when a used token came back")
                .isEqualTo(401);
        assertThat(api.get("/api/v1/users/me", accessToken).status())
                .as("and the session's access tokens end with it")
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
    void aPasswordMayTakeSeventyTwoBytesInUtf8AndNotOneMore() {
        String name = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String seventyTwo = "Trams climb past azulejo walls while fado drifts out of Alfama at night.".substring(0, 72);
        String thirtyEmoji = "\uD83C\uDF0D\u2708\uD83C\uDFD6\uD83C\uDF77\uD83C\uDF92\uD83D\uDDFA".repeat(5);

        HttpApi.Response emoji = api.post(
                "/api/v1/auth/register",
                Map.of("email", name + "-e@example.com", "username", name + "e", "password", thirtyEmoji),
                null);
        Account ascii = accounts.register(name, name + "@example.com", seventyTwo);

        assertThat(seventyTwo).hasSize(72);
        assertThat(thirtyEmoji.codePointCount(0, thirtyEmoji.length())).isEqualTo(30);
        assertThat(emoji.status()).as(emoji.toString()).isEqualTo(422);
        assertThat(emoji.header("Content-Type")).contains("application/problem+json");
        assertThat(emoji.json().get("errors").get(0).get("field").asString()).isEqualTo("password");
        assertThat(emoji.json().get("errors").get(0).get("reason").asString())
                .startsWith("must be at most 72 bytes in UTF-8");
        assertThat(login(name + "e", thirtyEmoji).status())
                .as("nothing was registered")
                .isEqualTo(401);
        assertThat(login(ascii.username(), seventyTwo).status()).isEqualTo(200);
    }

    @Test
    void aPasswordOverSeventyTwoBytesIsAWrongPasswordAtLoginNeverCutToItsFirstSeventyTwo() {
        String name = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String seventyTwo = "Trams climb past azulejo walls while fado drifts out of Alfama at night.".substring(0, 72);
        Account user = accounts.register(name, name + "@example.com", seventyTwo);

        assertThat(login(user.username(), seventyTwo + "!").status()).isEqualTo(401);
        assertThat(login(user.username(), "\uD83D\uDE00".repeat(30)).status()).isEqualTo(401);
        assertThat(login(user.username(), seventyTwo).status()).isEqualTo(200);
    }

    @Test
    void commonOrTriviallyWeakPasswordsAreRefusedWithAReasonAtRegistrationAndChange() {
        Account user = accounts.newUser();
        String name = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

        for (String weak : List.of("password", "12345678", "        ")) {
            HttpApi.Response registered = api.post(
                    "/api/v1/auth/register",
                    Map.of("email", name + "@example.com", "username", name, "password", weak),
                    null);
            HttpApi.Response changed = api.post(
                    "/api/v1/users/me/password",
                    Map.of("current_password", user.password(), "new_password", weak),
                    user.token());

            assertThat(registered.status()).as("register with '" + weak + "'").isEqualTo(422);
            assertThat(registered.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("password");
            assertThat(registered.json().get("errors").get(0).get("reason").asString())
                    .matches("is (one of the most common passwords|one character or a short pattern repeated).*: .+");
            assertThat(changed.status()).as("change to '" + weak + "'").isEqualTo(422);
            assertThat(changed.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("new_password");
        }
        assertThat(login(name, "password").status())
                .as("nothing was registered")
                .isEqualTo(401);
        assertThat(login(user.username(), user.password()).status())
                .as("the password did not change")
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

    private HttpApi.Response login(String username, String password) {
        return api.post("/api/v1/auth/login", Map.of("username", username, "password", password), null);
    }

    private Account administrator() {
        return accounts.administrator();
    }
}
