package io.travya.trip;

import static io.travya.platform.test.HostileInput.Valid.request;

import io.travya.platform.test.ApiContract;
import io.travya.platform.test.HostileInput;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.SchemaSnapshot;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.trip.Accounts.Account;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every operation of trip-service's document, sent a corpus of hostile and careless input (see
 * {@link HostileInput}): each request is refused with a short problem+json 4xx, and nothing in the
 * trips schema changes.
 */
@TravyaIntegrationTest
class HostileInputTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Test
    void everyOperationRefusesHostileInputWithAShortProblemAndChangesNothing() {
        HttpApi api = new HttpApi(port);
        Fixtures fixtures = new Fixtures(api);
        Account admin = new Accounts(api).administrator();
        Account owner = fixtures.user();
        UUID trip = fixtures.trip(owner);
        String tripPath = "/api/v1/trips/" + trip;
        String item = tripPath + "/itineraries/" + fixtures.itineraryItem(owner, trip, 1, "Arrival");
        String collaborators = tripPath + "/collaborators/";
        UUID editor = fixtures.share(owner, trip, fixtures.user(), "editor");
        UUID leaving = fixtures.share(owner, trip, fixtures.user(), "viewer");
        Account accepting = fixtures.user();
        UUID accepted = fixtures.invite(owner, trip, accepting, "viewer");
        Account declining = fixtures.user();
        UUID declined = fixtures.invite(owner, trip, declining, "viewer");
        Account newcomer = fixtures.user();
        Account refreshing = fixtures.user();
        Account loggingOut = fixtures.user();
        Account changingPassword = fixtures.user();
        Account deactivating = fixtures.user();
        Account leaver = fixtures.user();
        Account suspended = fixtures.user();
        Account erased = fixtures.user();
        String registering =
                "new" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

        HostileInput hostile = HostileInput.against(ApiContract.of("trip-service"), port)
                .valid("GET /.well-known/jwks.json", request("/.well-known/jwks.json", null))
                .valid(
                        "POST /api/v1/auth/register",
                        request("/api/v1/auth/register", null)
                                .body(Map.of(
                                        "email",
                                        registering + "@example.com",
                                        "username",
                                        registering,
                                        "password",
                                        "correct horse battery",
                                        "full_name",
                                        "New Comer")))
                .valid(
                        "POST /api/v1/auth/login",
                        request("/api/v1/auth/login", null)
                                .body(Map.of("username", owner.username(), "password", owner.password())))
                .valid(
                        "POST /api/v1/auth/refresh",
                        request("/api/v1/auth/refresh", null).body(Map.of("refresh_token", refreshing.refreshToken())))
                .valid(
                        "POST /api/v1/auth/logout",
                        request("/api/v1/auth/logout", null).body(Map.of("refresh_token", loggingOut.refreshToken())))
                .valid(
                        "GET /api/v1/trips",
                        request(
                                "/api/v1/trips?destination=lisbon&start_date=2027-01-01&end_date=2027-12-31"
                                        + "&status=planned&trip_type=leisure&skip=0&limit=5",
                                owner.token()))
                .valid(
                        "POST /api/v1/trips",
                        request("/api/v1/trips", owner.token()).body(Accounts.trip("Porto")))
                .valid("GET /api/v1/trips/stats", request("/api/v1/trips/stats", owner.token()))
                .valid("GET /api/v1/trips/{id}", request(tripPath, owner.token()))
                .valid(
                        "PATCH /api/v1/trips/{id}",
                        request(tripPath, owner.token()).body(Map.of("description", "Tiles and trams")))
                .valid("GET /api/v1/trips/{id}/overview", request(tripPath + "/overview", owner.token()))
                .valid("GET /api/v1/trips/{tripId}/collaborators", request(tripPath + "/collaborators", owner.token()))
                .valid(
                        "POST /api/v1/trips/{tripId}/collaborators",
                        request(tripPath + "/collaborators", owner.token())
                                .body(Map.of("username", newcomer.username(), "role", "viewer")))
                .valid(
                        "PATCH /api/v1/trips/{tripId}/collaborators/{collaboratorId}",
                        request(collaborators + editor, owner.token()).body(Map.of("role", "viewer")))
                .valid(
                        "POST /api/v1/trips/{tripId}/collaborators/{collaboratorId}/accept",
                        request(collaborators + accepted + "/accept", accepting.token()))
                .valid(
                        "POST /api/v1/trips/{tripId}/collaborators/{collaboratorId}/decline",
                        request(collaborators + declined + "/decline", declining.token()))
                .valid(
                        "DELETE /api/v1/trips/{tripId}/collaborators/{collaboratorId}",
                        request(collaborators + leaving, owner.token()))
                .valid(
                        "GET /api/v1/trips/{tripId}/itineraries",
                        request(tripPath + "/itineraries?skip=0&limit=5", owner.token()))
                .valid(
                        "POST /api/v1/trips/{tripId}/itineraries",
                        request(tripPath + "/itineraries", owner.token())
                                .body(Map.of(
                                        "day", 2,
                                        "title", "Sintra",
                                        "start_time", "09:30",
                                        "end_time", "13:00",
                                        "activities", List.of("Pena Palace"))))
                .valid("GET /api/v1/trips/{tripId}/itineraries/{itemId}", request(item, owner.token()))
                .valid(
                        "PATCH /api/v1/trips/{tripId}/itineraries/{itemId}",
                        request(item, owner.token()).body(Map.of("location", "Rossio")))
                .valid("DELETE /api/v1/trips/{tripId}/itineraries/{itemId}", request(item, owner.token()))
                .valid("GET /api/v1/users", request("/api/v1/users?skip=0&limit=10", admin.token()))
                .valid("GET /api/v1/users/me", request("/api/v1/users/me", owner.token()))
                .valid(
                        "PATCH /api/v1/users/me",
                        request("/api/v1/users/me", owner.token()).body(Map.of("full_name", "Ada King")))
                .valid("GET /api/v1/users/me/invitations", request("/api/v1/users/me/invitations", declining.token()))
                .valid(
                        "POST /api/v1/users/me/password",
                        request("/api/v1/users/me/password", changingPassword.token())
                                .body(Map.of(
                                        "current_password",
                                        changingPassword.password(),
                                        "new_password",
                                        "an even longer secret")))
                .valid("POST /api/v1/users/me/deactivate", request("/api/v1/users/me/deactivate", deactivating.token()))
                .valid(
                        "DELETE /api/v1/users/me",
                        request("/api/v1/users/me", leaver.token()).body(Map.of("current_password", leaver.password())))
                .valid(
                        "POST /api/v1/users/{id}/deactivate",
                        request("/api/v1/users/" + suspended.id() + "/deactivate", admin.token()))
                .valid(
                        "POST /api/v1/users/{id}/activate",
                        request("/api/v1/users/" + suspended.id() + "/activate", admin.token()))
                .valid("DELETE /api/v1/users/{id}", request("/api/v1/users/" + erased.id(), admin.token()))
                .valid("DELETE /api/v1/trips/{id}", request(tripPath, owner.token()));

        SchemaSnapshot before = SchemaSnapshot.settled(corner, "trips");
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(hostile.mishandled())
                .as("requests not refused as they should be")
                .isEmpty();
        softly.assertThat(SchemaSnapshot.of(corner, "trips").changesSince(before))
                .as("what the corpus changed")
                .isEmpty();
        softly.assertAll();
        hostile.everyValidRequestSucceeds();
    }
}
