package io.travya.booking.booking;

import static io.travya.booking.BookingRequests.booking;
import static io.travya.booking.BookingRequests.id;
import static io.travya.booking.BookingRequests.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.booking.BookingRequests;
import io.travya.booking.TripFixture;
import io.travya.booking.TripFixture.Person;
import io.travya.booking.TripFixture.SharedTrip;
import io.travya.events.TripEvent;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestEvents.TripHistory;
import io.travya.platform.test.TestTokens;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.platform.web.ExpectedTripVersion;
import io.travya.tripaccess.TripAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.JsonNode;

/** Who may do what with a trip's bookings, decided from booking-service's own replica of trip access. */
@TravyaIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BookingAccessTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Autowired
    TripAccess access;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    TripFixture trips;
    BookingRequests api;
    SharedTrip trip;

    @BeforeAll
    void setUp() {
        trips = new TripFixture(corner, access);
        api = new BookingRequests(new HttpApi(port));
        trip = trips.sharedTrip();
    }

    @AfterAll
    void tearDown() {
        trips.close();
    }

    /** Everyone who might call, by what they hold. */
    enum Who {
        OWNER(t -> t.owner().token()),
        EDITOR(t -> t.editor().token()),
        VIEWER(t -> t.viewer().token()),
        PENDING_INVITEE(t -> t.invitee().token()),
        STRANGER(t -> t.stranger().token()),
        NO_TOKEN(t -> null),
        EXPIRED_TOKEN(t -> TestTokens.get().expiredTokenFor(t.owner().id())),
        TAMPERED_TOKEN(
                t -> TestTokens.get().tamperedToken(t.stranger().id(), t.owner().id())),
        TOKEN_SIGNED_BY_ANOTHER_KEY(
                t -> TestTokens.get().forgedTokenFor(t.owner().id())),
        TOKEN_FROM_ANOTHER_ISSUER(
                t -> TestTokens.get().tokenFromAnotherIssuer(t.owner().id()));

        final Function<SharedTrip, String> token;

        Who(Function<SharedTrip, String> token) {
            this.token = token;
        }

        boolean authenticated() {
            return ordinal() <= STRANGER.ordinal();
        }

        boolean mayRead() {
            return this == OWNER || this == EDITOR || this == VIEWER;
        }

        boolean mayWrite() {
            return this == OWNER || this == EDITOR;
        }
    }

    enum Endpoint {
        CREATE(201, true),
        LIST(200, false),
        GET(200, false),
        PATCH(200, true),
        DELETE(204, true),
        CONFIRM(200, true),
        CANCEL(200, true),
        REFUND(200, true);

        final int success;
        final boolean writes;

        Endpoint(int success, boolean writes) {
            this.success = success;
            this.writes = writes;
        }

        int expectedFor(Who who) {
            if (!who.authenticated()) {
                return 401;
            }
            if (!who.mayRead()) {
                return 404;
            }
            return writes && !who.mayWrite() ? 403 : success;
        }
    }

    Stream<Arguments> everyoneAndEveryEndpoint() {
        List<Arguments> cases = new ArrayList<>();
        for (Who who : Who.values()) {
            for (Endpoint endpoint : Endpoint.values()) {
                cases.add(Arguments.of(who, endpoint, endpoint.expectedFor(who)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} calling {1} gets {2}")
    @MethodSource("everyoneAndEveryEndpoint")
    void everyoneGetsExactlyWhatTheirPlaceOnTheTripAllowsAndARefusalChangesNothing(
            Who who, Endpoint endpoint, int expected) {
        // the action each endpoint takes is allowed for the booking's status, so only access decides
        JsonNode existing = api.create(
                with(booking(trip.id()), "status", endpoint == Endpoint.REFUND ? "cancelled" : "pending"),
                trip.owner().token());
        UUID bookingId = id(existing);
        Map<String, Object> fresh = booking(trip.id());
        String token = who.token.apply(trip);

        HttpApi.Response response = switch (endpoint) {
            case CREATE -> api.post(fresh, token);
            case LIST -> api.list("trip_id=" + trip.id(), token);
            case GET -> api.get(bookingId, token);
            case PATCH -> api.patch(bookingId, Map.of("provider", "Somewhere Else"), token);
            case DELETE -> api.delete(bookingId, token);
            case CONFIRM -> api.action(bookingId, "confirm", token);
            case CANCEL -> api.action(bookingId, "cancel", token);
            case REFUND -> api.action(bookingId, "refund", token);
        };

        assertThat(response.status()).as(response.toString()).isEqualTo(expected);
        if (expected >= 400) {
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            HttpApi.Response after = api.get(bookingId, trip.owner().token());
            assertThat(after.status()).isEqualTo(200);
            assertThat(after.json().get("version").asLong()).isZero();
            assertThat(after.json().get("provider").asString()).isEqualTo("Hotel Avenida Palace");
            assertThat(bookingsWithConfirmationNumber(fresh.get("confirmation_number")))
                    .isZero();
        }
        if (expected == 200 && endpoint == Endpoint.LIST) {
            assertThat(response.json().get("data").findValuesAsString("id")).contains(bookingId.toString());
        }
        if (expected == 200 && endpoint == Endpoint.GET) {
            assertThat(response.json().get("id").asString()).isEqualTo(bookingId.toString());
            assertThat(response.header("ETag")).isEqualTo("\"0\"");
        }
    }

    @Test
    void aCollaboratorWhoIsRemovedFromTheTripLosesAccessToItsBookingsWithinTheReplicationLag() {
        Person owner = Person.any();
        Person editor = Person.any();
        var history = trips.ownedBy(owner);
        trips.publish(history.tripId(), history.accepted(editor.id(), "editor"));
        trips.awaitRole(history.tripId(), editor.id(), io.travya.tripaccess.TripRole.EDITOR);
        UUID bookingId = id(api.create(booking(history.tripId()), editor.token()));
        assertThat(api.get(bookingId, editor.token()).status()).isEqualTo(200);

        trips.publish(history.tripId(), history.removed(editor.id()));

        await().atMost(TripFixture.PATIENCE)
                .untilAsserted(() ->
                        assertThat(api.get(bookingId, editor.token()).status()).isEqualTo(404));
        assertThat(api.list("trip_id=" + history.tripId(), editor.token()).status())
                .isEqualTo(404);
        assertThat(api.post(booking(history.tripId()), editor.token()).status()).isEqualTo(404);
        assertThat(api.action(bookingId, "cancel", editor.token()).status()).isEqualTo(404);
        assertThat(api.get(bookingId, owner.token()).status()).isEqualTo(200);
    }

    @Test
    void aViewerPromotedToEditorMayChangeBookingsOnceTheEventArrives() {
        Person owner = Person.any();
        Person collaborator = Person.any();
        var history = trips.ownedBy(owner);
        trips.publish(history.tripId(), history.accepted(collaborator.id(), "viewer"));
        trips.awaitRole(history.tripId(), collaborator.id(), io.travya.tripaccess.TripRole.VIEWER);
        assertThat(api.post(booking(history.tripId()), collaborator.token()).status())
                .isEqualTo(403);

        trips.publish(history.tripId(), history.accepted(collaborator.id(), "editor"));

        await().atMost(TripFixture.PATIENCE)
                .untilAsserted(() -> assertThat(api.post(booking(history.tripId()), collaborator.token())
                                .status())
                        .isEqualTo(201));
    }

    @Test
    void aBookingCreatedWhileItsTripsCreationIsStillOnItsWaySucceedsWhenTheClientNamesTheTripsVersion()
            throws Exception {
        MessageListenerContainer replicaConsumer = listeners.getListenerContainer("booking-service.trip-access");
        // a warm service answers a trip it does not know within milliseconds if it does not wait
        assertThat(api.list("trip_id=" + trip.id(), trip.owner().token()).status())
                .isEqualTo(200);
        Person owner = Person.any();
        TripHistory history = new TripHistory(owner.id());
        replicaConsumer.pause();
        CompletableFuture<HttpApi.Response> created;
        try {
            await().atMost(TripFixture.PATIENCE).until(replicaConsumer::isContainerPaused);
            TripEvent tripCreated = history.created();
            trips.publish(history.tripId(), tripCreated);
            // as a client that has just created the trip: it names the version trip-service answered
            Map<String, String> version =
                    Map.of(ExpectedTripVersion.HEADER, Long.toString(tripCreated.getAggregateVersion()));
            created = CompletableFuture.supplyAsync(() -> new HttpApi(port)
                    .send("POST", BookingRequests.BOOKINGS, booking(history.tripId()), owner.token(), version));
            // the request is now waiting for a trip the replica has not seen
            await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
            assertThat(created).as("still waiting").isNotDone();
        } finally {
            replicaConsumer.resume();
        }

        HttpApi.Response answer = created.get(30, TimeUnit.SECONDS);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
    }

    @Test
    void aBookingIdThatIsUnknownOrNotEvenAUuidIsNotFoundWhateverTheEndpoint() {
        String owner = trip.owner().token();
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid", "12345")) {
            String path = BookingRequests.BOOKINGS + "/" + id;
            HttpApi http = new HttpApi(port);
            assertThat(http.get(path, owner).status()).as("GET " + id).isEqualTo(404);
            assertThat(http.patch(path, Map.of("provider", "X"), owner).status())
                    .as("PATCH " + id)
                    .isEqualTo(404);
            assertThat(http.delete(path, owner).status()).as("DELETE " + id).isEqualTo(404);
            for (String action : List.of("confirm", "cancel", "refund")) {
                assertThat(http.post(path + "/" + action, null, owner).status())
                        .as(action + " " + id)
                        .isEqualTo(404);
            }
        }
    }

    @Test
    void aTripNobodyHasHeardOfIsNotFoundOnceTheCatchUpWaitIsOver() {
        UUID unknown = UUID.randomUUID();

        assertThat(api.list("trip_id=" + unknown, trip.owner().token()).status())
                .isEqualTo(404);
        assertThat(api.post(booking(unknown), trip.owner().token()).status()).isEqualTo(404);
        assertThat(bookingsOfTrip(unknown)).isZero();
    }

    private long bookingsWithConfirmationNumber(Object confirmationNumber) {
        return jdbc.sql("SELECT count(*) FROM bookings WHERE confirmation_number = ?")
                .param(confirmationNumber)
                .query(Long.class)
                .single();
    }

    private long bookingsOfTrip(UUID tripId) {
        return jdbc.sql("SELECT count(*) FROM bookings WHERE trip_id = ?")
                .param(tripId)
                .query(Long.class)
                .single();
    }
}
