package io.travya.booking;

import static io.travya.booking.BookingRequests.booking;
import static io.travya.booking.BookingRequests.with;

import io.travya.booking.TripFixture.SharedTrip;
import io.travya.platform.test.ApiContract;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.tripaccess.TripAccess;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * booking-service answers what its checked-in OpenAPI document says: every operation's success, and
 * its common refusals, with a documented status and media type.
 */
@TravyaIntegrationTest
class ApiContractTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Autowired
    TripAccess access;

    private HttpApi api;
    private ApiContract contract;
    private SharedTrip trip;

    @BeforeEach
    void setUp() {
        api = new HttpApi(port);
        contract = ApiContract.of("booking-service");
        trip = new TripFixture(corner, access).sharedTrip();
    }

    @Test
    void everyOperationSucceedsAsDocumented() {
        String owner = trip.owner().token();
        HttpApi.Response created = call(
                "POST",
                "/api/v1/bookings",
                booking(trip.id()),
                owner,
                Map.of("Idempotency-Key", "contract-" + UUID.randomUUID()),
                201);
        String booking = "/api/v1/bookings/" + created.json().get("id").asString();
        call("GET", "/api/v1/bookings?trip_id=" + trip.id() + "&status=confirmed&limit=5", null, owner, 200);
        call("GET", booking, null, trip.viewer().token(), 200);
        call("PATCH", booking, Map.of("provider", "Casa do Castelo"), owner, 200);
        call("POST", booking + "/cancel", null, owner, 200);
        call("POST", booking + "/refund", null, owner, 200);
        call("DELETE", booking, null, owner, 204);
        String pending = "/api/v1/bookings/"
                + call("POST", "/api/v1/bookings", with(booking(trip.id()), "status", "pending"), owner, 201)
                        .json()
                        .get("id")
                        .asString();
        call("POST", pending + "/confirm", null, trip.editor().token(), 200);

        contract.requireEveryOperationSucceeded();
    }

    @Test
    void everyOperationThatNeedsATokenRefusesAnonymousCallersAsDocumented() {
        contract.everySecuredOperationRefusesAnonymousCallers(api);
    }

    @Test
    void unknownIdsAreNotFoundAsDocumented() {
        contract.unknownIdsAreNotFound(api, trip.owner().token());
    }

    @Test
    void commonRefusalsAreDocumented() {
        String owner = trip.owner().token();
        String booking = "/api/v1/bookings/"
                + call("POST", "/api/v1/bookings", booking(trip.id()), owner, 201)
                        .json()
                        .get("id")
                        .asString();

        call("POST", "/api/v1/bookings", "{not json", owner, 400);
        call("POST", "/api/v1/bookings", with(booking(trip.id()), "amount", -1), owner, 422);
        call("POST", "/api/v1/bookings", booking(trip.id()), owner, Map.of("Idempotency-Key", " "), 400);
        String key = "reused-" + UUID.randomUUID();
        call("POST", "/api/v1/bookings", booking(trip.id()), owner, Map.of("Idempotency-Key", key), 201);
        call("POST", "/api/v1/bookings", booking(trip.id()), owner, Map.of("Idempotency-Key", key), 422);
        call("POST", "/api/v1/bookings", booking(trip.id()), trip.viewer().token(), 403);
        call("POST", "/api/v1/bookings", booking(trip.id()), trip.stranger().token(), 404);
        call("GET", "/api/v1/bookings", null, owner, 422);
        call("GET", "/api/v1/bookings?trip_id=" + trip.id() + "&limit=0", null, owner, 422);
        call(
                "GET",
                "/api/v1/bookings?trip_id=" + UUID.randomUUID(),
                null,
                trip.stranger().token(),
                404);
        call("GET", "/api/v1/bookings?trip_id=not-a-uuid", null, owner, 400);
        call("PATCH", booking, Map.of("provider", "Mine"), trip.viewer().token(), 403);
        call("POST", booking + "/refund", null, owner, 409);
        call("GET", booking, null, trip.stranger().token(), 404);
    }

    private HttpApi.Response call(String method, String path, Object body, String token, int expected) {
        return call(method, path, body, token, Map.of(), expected);
    }

    private HttpApi.Response call(
            String method, String path, Object body, String token, Map<String, String> headers, int expected) {
        return contract.call(api, method, path, body, token, headers, expected);
    }
}
