package io.travya.trip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.platform.test.ApiContract;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.trip.Accounts.Account;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * trip-service answers what its checked-in OpenAPI document says: every operation's success, and its
 * common refusals, with a documented status and media type.
 */
@TravyaIntegrationTest
class ApiContractTest {

    @LocalServerPort
    int port;

    private HttpApi api;
    private ApiContract contract;
    private Accounts accounts;

    @BeforeEach
    void setUp() {
        api = new HttpApi(port);
        contract = ApiContract.of("trip-service");
        accounts = new Accounts(api);
    }

    @Test
    void everyOperationSucceedsAsDocumented() {
        Account owner = register("owner");
        Account invitee = register("invitee");
        String newcomer = "new" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        call(
                "POST",
                "/api/v1/auth/register",
                Map.of("email", newcomer + "@example.com", "username", newcomer, "password", PASSWORD),
                null,
                201);
        call("GET", "/.well-known/jwks.json", null, null, 200);

        // auth
        HttpApi.Response login = call(
                "POST", "/api/v1/auth/login", Map.of("username", owner.username(), "password", PASSWORD), null, 200);
        HttpApi.Response refreshed = call(
                "POST",
                "/api/v1/auth/refresh",
                Map.of("refresh_token", login.json().get("refresh_token").asString()),
                null,
                200);
        call(
                "POST",
                "/api/v1/auth/logout",
                Map.of("refresh_token", refreshed.json().get("refresh_token").asString()),
                null,
                204);

        // users
        call("GET", "/api/v1/users/me", null, owner.token(), 200);
        call("PATCH", "/api/v1/users/me", Map.of("full_name", "Ada King"), owner.token(), 200);
        call("GET", "/api/v1/users/me/invitations", null, invitee.token(), 200);

        // trips
        HttpApi.Response created = call("POST", "/api/v1/trips", Accounts.trip("Lisbon, Portugal"), owner.token(), 201);
        String trip = "/api/v1/trips/" + created.json().get("id").asString();
        call("GET", "/api/v1/trips?destination=lisb&status=planned&limit=5", null, owner.token(), 200);
        call("GET", trip, null, owner.token(), 200);
        call("PATCH", trip, Map.of("description", "Tiles and trams"), owner.token(), 200);

        // itineraries
        HttpApi.Response item = call(
                "POST",
                trip + "/itineraries",
                Map.of("day", 1, "title", "Alfama", "start_time", "09:30", "end_time", "13:00"),
                owner.token(),
                201);
        String itemPath = trip + "/itineraries/" + item.json().get("id").asString();
        call("GET", trip + "/itineraries", null, owner.token(), 200);
        call("GET", itemPath, null, owner.token(), 200);
        call("PATCH", itemPath, Map.of("location", "Largo do Chafariz de Dentro"), owner.token(), 200);
        call("DELETE", itemPath, null, owner.token(), 204);

        // collaborators
        HttpApi.Response invited = call(
                "POST",
                trip + "/collaborators",
                Map.of("username", invitee.username(), "role", "viewer"),
                owner.token(),
                201);
        String collaborator =
                trip + "/collaborators/" + invited.json().get("id").asString();
        call("POST", collaborator + "/accept", null, invitee.token(), 200);
        call("GET", trip + "/collaborators", null, owner.token(), 200);
        call("PATCH", collaborator, Map.of("role", "editor"), owner.token(), 200);
        call("DELETE", collaborator, null, owner.token(), 204);
        HttpApi.Response again = call(
                "POST",
                trip + "/collaborators",
                Map.of("username", invitee.username(), "role", "viewer"),
                owner.token(),
                201);
        call(
                "POST",
                trip + "/collaborators/" + again.json().get("id").asString() + "/decline",
                null,
                invitee.token(),
                204);

        // read models: eventually there, until then a documented 503
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                contract.check("GET", trip + "/overview", api.get(trip + "/overview", owner.token()))
                                        .status())
                        .isEqualTo(200));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(contract.check(
                                        "GET", "/api/v1/trips/stats", api.get("/api/v1/trips/stats", owner.token()))
                                .json()
                                .get("total_trips")
                                .asLong())
                        .isEqualTo(1));

        // the rest of the account, and administrators
        Account admin = accounts.administrator();
        Account other = register("other");
        call("GET", "/api/v1/users?skip=0&limit=10", null, admin.token(), 200);
        call("POST", "/api/v1/users/" + other.id() + "/deactivate", null, admin.token(), 200);
        call("POST", "/api/v1/users/" + other.id() + "/activate", null, admin.token(), 200);
        // the deactivation ended other's sessions: back in, they log in again
        String otherAgain = call(
                        "POST",
                        "/api/v1/auth/login",
                        Map.of("username", other.username(), "password", PASSWORD),
                        null,
                        200)
                .json()
                .get("access_token")
                .asString();
        call(
                "POST",
                "/api/v1/users/me/password",
                Map.of("current_password", PASSWORD, "new_password", "an even longer secret"),
                otherAgain,
                204);
        call("DELETE", trip, null, owner.token(), 204);
        // the password change ended every earlier session too
        String afterTheChange = call(
                        "POST",
                        "/api/v1/auth/login",
                        Map.of("username", other.username(), "password", "an even longer secret"),
                        null,
                        200)
                .json()
                .get("access_token")
                .asString();
        call("POST", "/api/v1/users/me/deactivate", null, afterTheChange, 204);
        Account leaver = register("leaver");
        call("DELETE", "/api/v1/users/me", Map.of("current_password", PASSWORD), leaver.token(), 204);
        call("DELETE", "/api/v1/users/" + register("erased").id(), null, admin.token(), 204);

        contract.requireEveryOperationSucceeded();
    }

    @Test
    void everyOperationThatNeedsATokenRefusesAnonymousCallersAsDocumented() {
        contract.everySecuredOperationRefusesAnonymousCallers(api);
    }

    @Test
    void unknownIdsAreNotFoundAsDocumented() {
        contract.unknownIdsAreNotFound(api, register("prober").token());
    }

    @Test
    void commonRefusalsAreDocumented() {
        Account owner = register("refused");
        Account viewer = register("viewer");
        String trip = "/api/v1/trips/"
                + call("POST", "/api/v1/trips", Accounts.trip("Oslo"), owner.token(), 201)
                        .json()
                        .get("id")
                        .asString();
        new Fixtures(api).share(owner, UUID.fromString(trip.substring(trip.lastIndexOf('/') + 1)), viewer, "viewer");

        call("POST", "/api/v1/trips", "{not json", owner.token(), 400);
        call("POST", "/api/v1/trips", Map.of("title", " "), owner.token(), 422);
        call("GET", "/api/v1/trips?limit=1000", null, owner.token(), 422);
        call("GET", "/api/v1/trips?start_date=soon", null, owner.token(), 400);
        call("PATCH", trip, Map.of("title", "Mine now"), viewer.token(), 403);
        call("DELETE", trip, null, viewer.token(), 403);
        call("PATCH", trip, Map.of("status", "completed"), owner.token(), 409);
        call("PATCH", trip, Map.of("title", "Late", "version", 99), owner.token(), 409);
        call("PATCH", trip, Map.of("title", "Late"), owner.token(), Map.of("If-Match", "\"99\""), 412);
        call(
                "POST",
                trip + "/collaborators",
                Map.of("username", viewer.username(), "role", "viewer"),
                owner.token(),
                409);
        call("POST", "/api/v1/auth/login", Map.of("username", owner.username(), "password", "wrong!!!"), null, 401);
        call("POST", "/api/v1/auth/refresh", Map.of("refresh_token", "used-or-never-issued"), null, 401);
        Map<String, Object> taken = new HashMap<>();
        taken.put("email", owner.email());
        taken.put("username", "someone" + UUID.randomUUID().toString().substring(0, 8));
        taken.put("password", PASSWORD);
        call("POST", "/api/v1/auth/register", taken, null, 409);
        call("GET", "/api/v1/users", null, owner.token(), 403);
        HttpApi.Response wrongType =
                api.send("POST", "/api/v1/trips", null, owner.token(), Map.of("Content-Type", "text/plain"));
        contract.check("POST", "/api/v1/trips", wrongType);
        assertThat(wrongType.status()).isEqualTo(415);
    }

    private static final String PASSWORD = "correct horse battery";

    private Account register(String prefix) {
        String name = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        return accounts.register(name, name + "@example.com", PASSWORD);
    }

    private HttpApi.Response call(String method, String path, Object body, String token, int expected) {
        return call(method, path, body, token, Map.of(), expected);
    }

    private HttpApi.Response call(
            String method, String path, Object body, String token, Map<String, String> headers, int expected) {
        return contract.call(api, method, path, body, token, headers, expected);
    }
}
