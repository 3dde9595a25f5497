package io.travya.booking.booking;

import static io.travya.booking.BookingRequests.booking;
import static io.travya.booking.BookingRequests.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.booking.BookingRequests;
import io.travya.booking.BookingTopic;
import io.travya.booking.TripFixture;
import io.travya.booking.TripFixture.Person;
import io.travya.events.BookingEvent;
import io.travya.events.BookingEventType;
import io.travya.events.TripEvent;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestEvents.TripHistory;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.tripaccess.TripAccess;
import io.travya.tripaccess.TripAccessReplica;
import io.travya.tripaccess.TripRole;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** What trip events do to bookings: a trip's deletion takes its bookings with it, once; old news changes nothing. */
@TravyaIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TripDeletionCascadeTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Autowired
    TripAccess access;

    @Autowired
    TripAccessReplica replica;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    TripFixture trips;
    BookingRequests api;

    @BeforeAll
    void setUp() {
        trips = new TripFixture(corner, access);
        api = new BookingRequests(new HttpApi(port));
    }

    @AfterAll
    void tearDown() {
        trips.close();
    }

    @Test
    void deletingATripDeletesItsBookingsEachWithOneEventEvenWhenTheDeletionIsDeliveredTwice() {
        Person owner = Person.any();
        TripHistory doomed = trips.ownedBy(owner);
        TripHistory kept = trips.ownedBy(owner);
        UUID hotel = id(api.create(booking(doomed.tripId()), owner.token()));
        UUID flight = id(api.create(booking(doomed.tripId()), owner.token()));
        UUID car = id(api.create(booking(doomed.tripId()), owner.token()));
        api.patch(car, Map.of("booking_type", "car"), owner.token());
        UUID survivor = id(api.create(booking(kept.tripId()), owner.token()));
        TripEvent deletion = doomed.deleted();

        trips.publish(doomed.tripId(), deletion);
        trips.publish(doomed.tripId(), deletion);

        await().atMost(TripFixture.PATIENCE).until(() -> bookingsOf(doomed.tripId()) == 0);
        trips.awaitAllTripEventsConsumed();
        // written after both deliveries were handled: once its event is on the topic, so is anything
        // the second delivery might have written before it
        UUID marker = id(api.create(booking(kept.tripId()), owner.token()));
        List<BookingTopic.Keyed> topic = await().atMost(TripFixture.PATIENCE)
                .until(
                        () -> BookingTopic.records(corner),
                        records -> records.stream()
                                .anyMatch(r -> r.event().getAggregateId().equals(marker)));

        List<BookingTopic.Keyed> deletions = topic.stream()
                .filter(r -> r.event().getEventType().equals(BookingEventType.BookingDeleted))
                .filter(r -> r.event().getTripId().equals(doomed.tripId()))
                .toList();
        assertThat(deletions).extracting(r -> r.event().getAggregateId()).containsExactlyInAnyOrder(hotel, flight, car);
        assertThat(deletions)
                .extracting(BookingTopic.Keyed::key)
                .containsOnly(doomed.tripId().toString());
        BookingEvent carDeleted = deletions.stream()
                .map(BookingTopic.Keyed::event)
                .filter(e -> e.getAggregateId().equals(car))
                .findFirst()
                .orElseThrow();
        assertThat(carDeleted.getAggregateVersion())
                .as("after its last version, 1")
                .isEqualTo(2);
        assertThat(carDeleted.getBooking().getBookingType())
                .as("its last state")
                .isEqualTo("car");
        assertThat(carDeleted.getActorId()).isEqualTo(owner.id());
        assertThat(api.get(hotel, owner.token()).status()).isEqualTo(404);
        assertThat(api.list("trip_id=" + doomed.tripId(), owner.token()).status())
                .isEqualTo(404);
        assertThat(api.get(survivor, owner.token()).status()).isEqualTo(200);
    }

    @Test
    void aDeletedTripsBookingsTakeTheIdempotencyKeysTheyWereCreatedWithAndTheStoredAnswersInThem() {
        Person owner = Person.any();
        TripHistory doomed = trips.ownedBy(owner);
        TripHistory kept = trips.ownedBy(owner);
        HttpApi.Response gone = api.post(booking(doomed.tripId()), owner.token(), "doomed-" + UUID.randomUUID());
        HttpApi.Response stays = api.post(booking(kept.tripId()), owner.token(), "kept-" + UUID.randomUUID());
        assertThat(gone.status()).as(gone.toString()).isEqualTo(201);
        assertThat(stays.status()).as(stays.toString()).isEqualTo(201);
        assertThat(keysOf(id(gone.json()))).isEqualTo(1);

        trips.publish(doomed.tripId(), doomed.deleted());

        await().atMost(TripFixture.PATIENCE).until(() -> bookingsOf(doomed.tripId()) == 0);
        assertThat(keysOf(id(gone.json()))).isZero();
        assertThat(keysOf(id(stays.json()))).isEqualTo(1);
    }

    @Test
    void theReplicaPassesATripsDeletionToTheCascadeOncePerVersion() {
        Person owner = Person.any();
        TripHistory history = trips.ownedBy(owner);
        UUID booking = id(api.create(booking(history.tripId()), owner.token()));
        TripEvent deletion = history.deleted();

        boolean first = replica.apply(deletion);
        UUID rebooked = UUID.randomUUID();
        insertBehindTheApisBack(rebooked, history.tripId());
        boolean again = replica.apply(deletion);

        assertThat(first).isTrue();
        assertThat(again).isFalse();
        assertThat(bookingExists(booking)).isFalse();
        assertThat(bookingExists(rebooked))
                .as("the second delivery never reached the cascade")
                .isTrue();
        jdbc.sql("DELETE FROM bookings WHERE id = ?").param(rebooked).update();
    }

    @Test
    void aBookingCannotBeCreatedForADeletedTripEvenWhenItsCreationIsDeliveredAgainLate() {
        Person owner = Person.any();
        TripHistory history = trips.ownedBy(owner);
        TripEvent created = history.created();
        trips.publish(history.tripId(), history.deleted());
        await().atMost(TripFixture.PATIENCE)
                .until(() -> access.roleOf(history.tripId(), owner.id()).isEmpty());

        trips.publish(history.tripId(), created);
        trips.awaitAllTripEventsConsumed();

        assertThat(api.post(booking(history.tripId()), owner.token()).status()).isEqualTo(404);
        assertThat(bookingsOf(history.tripId())).isZero();
    }

    @Test
    void aCollaboratorsAcceptanceDeliveredAgainAfterTheirRemovalChangesNothing() {
        Person owner = Person.any();
        Person viewer = Person.any();
        TripHistory history = trips.ownedBy(owner);
        TripEvent accepted = history.accepted(viewer.id(), "viewer");
        trips.publish(history.tripId(), accepted);
        trips.awaitRole(history.tripId(), viewer.id(), TripRole.VIEWER);
        JsonNode booking = api.create(booking(history.tripId()), owner.token());
        assertThat(api.get(id(booking), viewer.token()).status()).isEqualTo(200);
        trips.publish(history.tripId(), history.removed(viewer.id()));
        await().atMost(TripFixture.PATIENCE)
                .untilAsserted(
                        () -> assertThat(api.get(id(booking), viewer.token()).status())
                                .isEqualTo(404));

        trips.publish(history.tripId(), accepted);
        trips.awaitAllTripEventsConsumed();

        assertThat(api.get(id(booking), viewer.token()).status()).isEqualTo(404);
        assertThat(api.list("trip_id=" + history.tripId(), viewer.token()).status())
                .isEqualTo(404);
        assertThat(api.get(id(booking), owner.token()).json()).isEqualTo(booking);
    }

    @Test
    void aBookingRacingItsTripsDeletionWaitsForItAndIsRefusedRatherThanLeftBehind() throws Exception {
        Person owner = Person.any();
        TripHistory history = trips.ownedBy(owner);
        CompletableFuture<HttpApi.Response> created;
        try (Connection replicaWriter = dataSource.getConnection()) {
            // what the replica does when it applies TripDeleted: update the trip's row, in a transaction
            replicaWriter.setAutoCommit(false);
            try (PreparedStatement lock =
                    replicaWriter.prepareStatement("SELECT 1 FROM trip_access WHERE trip_id = ? FOR UPDATE")) {
                lock.setObject(1, history.tripId());
                lock.executeQuery().close();
            }
            created = CompletableFuture.supplyAsync(() -> api.post(booking(history.tripId()), owner.token()));
            await().atMost(TripFixture.PATIENCE).until(() -> requestsWaitingOnALock() > 0);
            try (PreparedStatement delete = replicaWriter.prepareStatement(
                    "UPDATE trip_access SET deleted = true, version = version + 1 WHERE trip_id = ?")) {
                delete.setObject(1, history.tripId());
                delete.executeUpdate();
            }
            replicaWriter.commit();
        }

        HttpApi.Response answer = created.get(30, TimeUnit.SECONDS);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
        assertThat(bookingsOf(history.tripId())).isZero();
    }

    private long requestsWaitingOnALock() {
        return jdbc.sql("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        + "AND wait_event_type = 'Lock' AND query LIKE '%FROM trip_access%FOR SHARE%'")
                .query(Long.class)
                .single();
    }

    private long bookingsOf(UUID tripId) {
        return jdbc.sql("SELECT count(*) FROM bookings WHERE trip_id = ?")
                .param(tripId)
                .query(Long.class)
                .single();
    }

    private long keysOf(UUID bookingId) {
        return jdbc.sql("SELECT count(*) FROM booking_idempotency_keys WHERE booking_id = ?")
                .param(bookingId)
                .query(Long.class)
                .single();
    }

    private boolean bookingExists(UUID id) {
        return jdbc.sql("SELECT count(*) FROM bookings WHERE id = ?")
                        .param(id)
                        .query(Long.class)
                        .single()
                == 1;
    }

    /** A row the API would refuse now that the trip is gone: only a second cascade could remove it. */
    private void insertBehindTheApisBack(UUID id, UUID tripId) {
        jdbc.sql("""
                        INSERT INTO bookings (id, trip_id, booking_type, provider, confirmation_number, amount,
                                              currency, booking_date, travel_date, status)
                        VALUES (?, ?, 'hotel', 'Hotel', 'X-1', 10.00, 'EUR', DATE '2027-01-01', DATE '2027-01-02',
                                'confirmed')
                        """).params(id, tripId).update();
    }
}
