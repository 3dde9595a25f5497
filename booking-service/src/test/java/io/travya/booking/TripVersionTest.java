package io.travya.booking;

import static io.travya.booking.BookingRequests.booking;
import static org.assertj.core.api.Assertions.assertThat;

import io.travya.booking.TripFixture.Person;
import io.travya.events.TripEvent;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestEvents.TripHistory;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.platform.web.ExpectedTripVersion;
import io.travya.tripaccess.TripAccess;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * booking-service learns about trips from events, a few tens of milliseconds after trip-service has
 * answered. A client that has just created or shared a trip names the version trip-service gave it
 * (header Travya-Trip-Version), and is answered once the replica holds that version; a request that
 * names none is answered from what the replica holds, without waiting.
 */
@TravyaIntegrationTest
class TripVersionTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Autowired
    TripAccess access;

    TripFixture trips;
    HttpApi http;

    @BeforeEach
    void setUp() {
        trips = new TripFixture(corner, access);
        http = new HttpApi(port);
    }

    @AfterEach
    void tearDown() {
        trips.close();
    }

    @Test
    void aBookingMadeRightAfterItsTripIsCreatedSucceedsWhenTheClientNamesTheTripsVersion() {
        Person owner = Person.any();
        TripHistory trip = new TripHistory(owner.id());
        TripEvent created = trip.created();

        trips.publish(trip.tripId(), created);
        HttpApi.Response booked =
                http.send("POST", BookingRequests.BOOKINGS, booking(trip.tripId()), owner.token(), versionOf(created));

        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
    }

    @Test
    void aCollaboratorWhoHasJustAcceptedReadsTheBookingsWhenTheyNameTheVersionOfTheirAcceptance() {
        Person owner = Person.any();
        Person friend = Person.any();
        TripHistory trip = trips.ownedBy(owner);
        TripEvent accepted = trip.accepted(friend.id(), "viewer");

        trips.publish(trip.tripId(), accepted);
        HttpApi.Response listed = http.send(
                "GET",
                BookingRequests.BOOKINGS + "?trip_id=" + trip.tripId(),
                null,
                friend.token(),
                versionOf(accepted));

        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
    }

    @Test
    void aTripNobodyKnowsIsNotFoundWhetherOrNotTheClientNamesAVersion() {
        Person someone = Person.any();
        UUID unknown = UUID.randomUUID();

        HttpApi.Response plain = http.post(BookingRequests.BOOKINGS, booking(unknown), someone.token());
        HttpApi.Response named = http.send(
                "POST",
                BookingRequests.BOOKINGS,
                booking(unknown),
                someone.token(),
                Map.of(ExpectedTripVersion.HEADER, "3"));

        assertThat(plain.status()).as(plain.toString()).isEqualTo(404);
        assertThat(named.status()).as(named.toString()).isEqualTo(404);
    }

    @Test
    void aVersionThatIsNoVersionIsRefused() {
        Person owner = Person.any();
        TripHistory trip = trips.ownedBy(owner);

        HttpApi.Response refused = http.send(
                "POST",
                BookingRequests.BOOKINGS,
                booking(trip.tripId()),
                owner.token(),
                Map.of(ExpectedTripVersion.HEADER, "newest"));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo(ExpectedTripVersion.HEADER);
    }

    private static Map<String, String> versionOf(TripEvent event) {
        return Map.of(ExpectedTripVersion.HEADER, "\"" + event.getAggregateVersion() + "\"");
    }
}
