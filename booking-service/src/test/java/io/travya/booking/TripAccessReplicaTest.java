package io.travya.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.travya.events.EventTopic;
import io.travya.events.TripEvent;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestEvents;
import io.travya.platform.test.TestEvents.TripHistory;
import io.travya.platform.test.TopicReader;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.tripaccess.TripAccess;
import io.travya.tripaccess.TripAccessReplica;
import io.travya.tripaccess.TripRole;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** booking-service learns who may see a trip from travya.trips alone. */
@TravyaIntegrationTest
class TripAccessReplicaTest {

    @Autowired
    TestCorner corner;

    @Autowired
    TripAccess access;

    @Autowired
    TripAccessReplica replica;

    @Autowired
    MeterRegistry meters;

    TestEvents events;

    @BeforeEach
    void setUp() {
        events = new TestEvents(corner);
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    @Test
    void ownersAndAcceptedCollaboratorsAreKnownOnceTheirEventsArrive() {
        UUID owner = UUID.randomUUID();
        UUID editor = UUID.randomUUID();
        UUID viewer = UUID.randomUUID();
        UUID invitee = UUID.randomUUID();
        TripHistory trip = new TripHistory(owner);
        events.publish(trip.tripId(), trip.created());
        events.publish(trip.tripId(), trip.accepted(editor, "editor"));
        events.publish(trip.tripId(), trip.accepted(viewer, "viewer"));
        events.publish(trip.tripId(), trip.invited(invitee, "editor"));

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(access.roleOf(trip.tripId(), invitee))
                        .isEmpty()
                        .satisfies(x ->
                                assertThat(access.roleOf(trip.tripId(), viewer)).contains(TripRole.VIEWER)));
        assertThat(access.roleOf(trip.tripId(), owner)).contains(TripRole.OWNER);
        assertThat(access.roleOf(trip.tripId(), editor)).contains(TripRole.EDITOR);
        assertThat(access.roleOf(trip.tripId(), UUID.randomUUID())).isEmpty();
    }

    @Test
    void theTimeFromTripServicesCommitToTheReplicaIsMeasured() {
        Timer lag = meters.get("travya.trip-access.commit.to.replica").timer();
        long before = lag.count();
        TripHistory trip = new TripHistory(UUID.randomUUID());
        events.publish(trip.tripId(), trip.created());

        await().atMost(Duration.ofSeconds(20))
                .until(() -> access.roleOf(trip.tripId(), trip.ownerId()).isPresent());
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(lag.count()).isGreaterThan(before));
        assertThat(lag.max(TimeUnit.MILLISECONDS)).isPositive();
    }

    @Test
    void anEventDeliveredAgainOrLateChangesNothing() {
        UUID owner = UUID.randomUUID();
        UUID viewer = UUID.randomUUID();
        TripHistory trip = new TripHistory(owner);
        TripEvent created = trip.created();
        TripEvent accepted = trip.accepted(viewer, "viewer");
        TripEvent removed = trip.removed(viewer);

        assertThat(replica.apply(created)).isTrue();
        assertThat(replica.apply(accepted)).isTrue();
        assertThat(replica.apply(removed)).isTrue();
        assertThat(replica.apply(accepted))
                .as("an older version, delivered late")
                .isFalse();
        assertThat(replica.apply(removed))
                .as("the same version, delivered twice")
                .isFalse();

        assertThat(access.roleOf(trip.tripId(), viewer)).isEmpty();
    }

    @Test
    void aPollWithSeveralVersionsOfATripLeavesTheMembersOfItsNewestAndSkipsWhatIsNotNewer() {
        UUID owner = UUID.randomUUID();
        UUID editor = UUID.randomUUID();
        UUID viewer = UUID.randomUUID();
        TripHistory trip = new TripHistory(owner);
        TripHistory other = new TripHistory(UUID.randomUUID());
        TripEvent created = trip.created();
        TripEvent viewerAccepted = trip.accepted(viewer, "viewer");
        replica.apply(created);
        replica.apply(viewerAccepted);

        // one poll: a redelivery, two newer versions of the trip, another trip between them
        replica.applyAll(
                List.of(viewerAccepted, trip.accepted(editor, "editor"), other.created(), trip.removed(viewer)));

        assertThat(access.roleOf(trip.tripId(), editor)).contains(TripRole.EDITOR);
        assertThat(access.roleOf(trip.tripId(), viewer))
                .as("removed by the poll's newest version")
                .isEmpty();
        assertThat(access.roleOf(trip.tripId(), owner)).contains(TripRole.OWNER);
        assertThat(access.roleOf(other.tripId(), other.ownerId())).contains(TripRole.OWNER);

        // the same poll delivered again changes nothing
        replica.applyAll(List.of(viewerAccepted, trip.accepted(viewer, "viewer")));
        assertThat(access.roleOf(trip.tripId(), viewer))
                .as("an accepted event newer than the removal applies")
                .contains(TripRole.VIEWER);
    }

    @Test
    void anEventThatCannotBeReadIsDeadLetteredAndTheEventsAfterItStillApply() {
        UUID owner = UUID.randomUUID();
        UUID viewer = UUID.randomUUID();
        TripHistory trip = new TripHistory(owner);
        byte[] unreadable = "{\"not\": \"an avro event\"}".getBytes(StandardCharsets.UTF_8);
        events.publish(trip.tripId(), trip.created());
        events.publishUnreadable(EventTopic.TRIPS, trip.tripId(), unreadable);
        events.publish(trip.tripId(), trip.accepted(viewer, "viewer"));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(access.roleOf(trip.tripId(), viewer)).contains(TripRole.VIEWER));
        assertThat(TopicReader.rawRecords(corner.endpoints(), corner.topic("trips") + ".DLT", Duration.ofSeconds(10)))
                .as("the unreadable record, byte for byte, on the dead-letter topic")
                .singleElement()
                .satisfies(dead -> {
                    assertThat(dead.key()).isEqualTo(trip.tripId().toString());
                    assertThat(dead.value()).isEqualTo(unreadable);
                });
    }

    @Test
    void aDeletedTripIsSeenByNobodyAndCannotComeBack() {
        UUID owner = UUID.randomUUID();
        TripHistory trip = new TripHistory(owner);
        TripEvent created = trip.created();
        replica.apply(created);
        replica.apply(trip.deleted());

        replica.apply(created);

        assertThat(access.roleOf(trip.tripId(), owner)).isEqualTo(Optional.empty());
    }
}
