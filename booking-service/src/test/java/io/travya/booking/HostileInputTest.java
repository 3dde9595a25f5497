package io.travya.booking;

import static io.travya.booking.BookingRequests.booking;
import static io.travya.booking.BookingRequests.with;
import static io.travya.platform.test.HostileInput.Valid.request;

import io.travya.booking.TripFixture.SharedTrip;
import io.travya.platform.test.ApiContract;
import io.travya.platform.test.HostileInput;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.SchemaSnapshot;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.tripaccess.TripAccess;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every operation of booking-service's document, sent a corpus of hostile and careless input
 * (see {@link HostileInput}): each request is refused with a short problem+json 4xx, and nothing in
 * the bookings schema changes.
 */
@TravyaIntegrationTest
class HostileInputTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Autowired
    TripAccess access;

    @Test
    void everyOperationRefusesHostileInputWithAShortProblemAndChangesNothing() {
        SharedTrip trip = new TripFixture(corner, access).sharedTrip();
        BookingRequests bookings = new BookingRequests(new HttpApi(port));
        String owner = trip.owner().token();
        String changed = "/api/v1/bookings/" + BookingRequests.id(bookings.create(booking(trip.id()), owner));
        String pending = "/api/v1/bookings/"
                + BookingRequests.id(bookings.create(with(booking(trip.id()), "status", "pending"), owner));

        HostileInput hostile = HostileInput.against(ApiContract.of("booking-service"), port)
                .valid(
                        "GET /api/v1/bookings",
                        request(
                                "/api/v1/bookings?trip_id=" + trip.id() + "&booking_type=hotel&status=confirmed"
                                        + "&travel_date_from=2027-01-01&travel_date_to=2027-12-31&skip=0&limit=5",
                                owner))
                .valid(
                        "POST /api/v1/bookings",
                        request("/api/v1/bookings", owner).body(booking(trip.id())))
                .valid(
                        "GET /api/v1/bookings/{id}",
                        request(changed, trip.viewer().token()))
                .valid(
                        "PATCH /api/v1/bookings/{id}",
                        request(changed, owner).body(Map.of("provider", "Casa do Castelo")))
                .valid("POST /api/v1/bookings/{id}/cancel", request(changed + "/cancel", owner))
                .valid("POST /api/v1/bookings/{id}/refund", request(changed + "/refund", owner))
                .valid("DELETE /api/v1/bookings/{id}", request(changed, owner))
                .valid(
                        "POST /api/v1/bookings/{id}/confirm",
                        request(pending + "/confirm", trip.editor().token()));

        SchemaSnapshot before = SchemaSnapshot.settled(corner, "bookings");
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(hostile.mishandled())
                .as("requests not refused as they should be")
                .isEmpty();
        softly.assertThat(SchemaSnapshot.of(corner, "bookings").changesSince(before))
                .as("what the corpus changed")
                .isEmpty();
        softly.assertAll();
        hostile.everyValidRequestSucceeds();
    }
}
