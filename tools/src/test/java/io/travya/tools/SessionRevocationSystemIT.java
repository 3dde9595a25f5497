package io.travya.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.platform.test.HttpApi;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The three packaged services together: a logout refuses that session's access tokens, and a password
 * change every earlier token of the user, in all three services within a second of the request's
 * answer (trip-service at once, from its session store; booking- and conversation-service from
 * SessionEnded and SessionsRevoked on travya.users), while the user's other sessions and new logins go
 * on working.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@ExtendWith(SharedStack.class)
class SessionRevocationSystemIT {

    private static final String PASSWORD = "long enough pw";
    private static final Duration WITHIN_A_SECOND = Duration.ofSeconds(1);

    static ServiceStack stack;
    static HttpApi trips;

    @BeforeAll
    static void start(ServiceStack shared) {
        stack = shared;
        trips = stack.api("trip-service");
    }

    @Test
    void aLoggedOutSessionIsRefusedByAllThreeServicesWithinASecondAndTheUsersOtherSessionIsNot() {
        String name = register();
        Session loggedOut = login(name);
        Session other = login(name);
        Map<String, String> paths = pathsOfATrip(loggedOut, other);
        revocationsArrive(name, paths);

        assertThat(trips.post("/api/v1/auth/logout", Map.of("refresh_token", loggedOut.refreshToken()), null)
                        .status())
                .isEqualTo(204);

        await().atMost(WITHIN_A_SECOND)
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> paths.forEach((service, path) -> assertThat(
                                stack.api(service).get(path, loggedOut.token()).status())
                        .as(service)
                        .isEqualTo(401)));
        paths.forEach((service, path) -> {
            HttpApi.Response refused = stack.api(service).get(path, loggedOut.token());
            assertThat(refused.header("Content-Type")).as(service).contains("application/problem+json");
            assertThat(refused.header("WWW-Authenticate")).as(service).contains("error=\"invalid_token\"");
            assertThat(stack.api(service).get(path, other.token()).status())
                    .as(service + ", the other session")
                    .isEqualTo(200);
        });
        assertThat(trips.post("/api/v1/auth/refresh", Map.of("refresh_token", loggedOut.refreshToken()), null)
                        .status())
                .isEqualTo(401);
    }

    @Test
    void aPasswordChangeRefusesEveryEarlierTokenInAllThreeServicesWithinASecondAndANewLoginWorks() {
        String name = register();
        Session first = login(name);
        Session second = login(name);
        Map<String, String> paths = pathsOfATrip(first, second);
        revocationsArrive(name, paths);

        assertThat(trips.post(
                                "/api/v1/users/me/password",
                                Map.of("current_password", PASSWORD, "new_password", "a brand new passphrase"),
                                first.token())
                        .status())
                .isEqualTo(204);

        await().atMost(WITHIN_A_SECOND)
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> paths.forEach((service, path) -> {
                    for (Session earlier : List.of(first, second)) {
                        assertThat(stack.api(service).get(path, earlier.token()).status())
                                .as(service)
                                .isEqualTo(401);
                    }
                }));
        Session again = login(name, "a brand new passphrase");
        paths.forEach((service, path) -> assertThat(
                        stack.api(service).get(path, again.token()).status())
                .as(service + ", a login after the change")
                .isEqualTo(200));
        assertThat(trips.post("/api/v1/auth/refresh", Map.of("refresh_token", second.refreshToken()), null)
                        .status())
                .isEqualTo(401);
    }

    private record Session(String token, String refreshToken) {}

    private static String register() {
        return SystemUsers.register(trips, PASSWORD);
    }

    private static Session login(String name) {
        return login(name, PASSWORD);
    }

    private static Session login(String name, String password) {
        HttpApi.Response login = trips.post("/api/v1/auth/login", Map.of("username", name, "password", password), null);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return new Session(
                login.json().get("access_token").asString(),
                login.json().get("refresh_token").asString());
    }

    /**
     * A trip of the user's, and a path about it in each service that answers 200 to its owner, once
     * booking- and conversation-service know the trip.
     */
    private static Map<String, String> pathsOfATrip(Session... sessions) {
        JsonNode trip = trips.post(
                        "/api/v1/trips",
                        Map.of(
                                "title",
                                "Trip to Lisbon",
                                "destination",
                                "Lisbon",
                                "start_date",
                                "2027-05-01",
                                "end_date",
                                "2027-05-08",
                                "trip_type",
                                "leisure"),
                        sessions[0].token())
                .json();
        String id = trip.get("id").asString();
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("trip-service", "/api/v1/trips/" + id);
        paths.put("booking-service", "/api/v1/bookings?trip_id=" + id);
        paths.put("conversation-service", "/api/v1/conversations?trip_id=" + id);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> paths.forEach((service, path) -> {
                    for (Session session : sessions) {
                        assertThat(stack.api(service).get(path, session.token()).status())
                                .as(service)
                                .isEqualTo(200);
                    }
                }));
        return paths;
    }

    /**
     * Revocations reach every service now: the relay runs and the consumers of travya.users have joined
     * their groups (which they do once, when the service starts). A session that ends is refused.
     */
    private static void revocationsArrive(String name, Map<String, String> paths) {
        Session throwaway = login(name);
        trips.post("/api/v1/auth/logout", Map.of("refresh_token", throwaway.refreshToken()), null);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> paths.forEach((service, path) -> assertThat(
                                stack.api(service).get(path, throwaway.token()).status())
                        .as(service)
                        .isEqualTo(401)));
    }
}
