package io.travya.trip;

import static org.assertj.core.api.Assertions.assertThat;

import io.travya.platform.test.HttpApi;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Registers and logs in users through the API, for tests. */
public final class Accounts {

    public record Account(UUID id, String username, String email, String password, String token, String refreshToken) {}

    private final HttpApi api;

    public Accounts(HttpApi api) {
        this.api = api;
    }

    public Account newUser() {
        String name = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return register(name, name + "@example.com", "correct horse battery");
    }

    public Account register(String username, String email, String password) {
        HttpApi.Response registered = api.post(
                "/api/v1/auth/register",
                Map.of("email", email, "username", username, "password", password, "full_name", "Test " + username),
                null);
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        HttpApi.Response login =
                api.post("/api/v1/auth/login", Map.of("username", username, "password", password), null);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        JsonNode tokens = login.json();
        return new Account(
                UUID.fromString(registered.json().get("id").asString()),
                username,
                email,
                password,
                tokens.get("access_token").asString(),
                tokens.get("refresh_token").asString());
    }

    /** The administrator of the test configuration (travya.auth.superuser-emails), registered once per database. */
    public Account administrator() {
        String login = "admin";
        HttpApi.Response existing =
                api.post("/api/v1/auth/login", Map.of("username", login, "password", "administrator pw"), null);
        if (existing.status() == 200) {
            JsonNode tokens = existing.json();
            return new Account(
                    UUID.fromString(api.get(
                                    "/api/v1/users/me",
                                    tokens.get("access_token").asString())
                            .json()
                            .get("id")
                            .asString()),
                    login,
                    "admin@travya.test",
                    "administrator pw",
                    tokens.get("access_token").asString(),
                    tokens.get("refresh_token").asString());
        }
        return register(login, "admin@travya.test", "administrator pw");
    }

    public static Map<String, Object> trip(String destination) {
        return Map.of(
                "title", "Trip to " + destination,
                "destination", destination,
                "start_date", "2027-05-01",
                "end_date", "2027-05-08",
                "budget", "1234.50",
                "trip_type", "leisure");
    }
}
