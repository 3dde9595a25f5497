package io.travya.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.events.TripEvent;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestEvents;
import io.travya.platform.test.TestEvents.TripHistory;
import io.travya.platform.test.TestTokens;
import io.travya.tripaccess.TripAccess;
import io.travya.tripaccess.TripRole;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Trips and the people on them, published on travya.trips as trip-service would, for booking-service
 * tests: the service learns about them only from those events.
 */
public final class TripFixture implements AutoCloseable {

    public static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Someone with a valid access token. */
    public record Person(UUID id, String token) {

        public static Person any() {
            UUID id = UUID.randomUUID();
            return new Person(id, TestTokens.get().tokenFor(id));
        }
    }

    /** A trip with an owner, an accepted editor and viewer, a pending invitee, and a stranger. */
    public record SharedTrip(
            TripHistory history, Person owner, Person editor, Person viewer, Person invitee, Person stranger) {

        public UUID id() {
            return history.tripId();
        }
    }

    private final TestCorner corner;
    private final TripAccess access;
    private final TestEvents events;

    public TripFixture(TestCorner corner, TripAccess access) {
        this.corner = corner;
        this.access = access;
        this.events = new TestEvents(corner);
    }

    /** A trip with everyone on it, once booking-service's replica knows them all. */
    public SharedTrip sharedTrip() {
        Person owner = Person.any();
        TripHistory history = new TripHistory(owner.id());
        SharedTrip trip = new SharedTrip(history, owner, Person.any(), Person.any(), Person.any(), Person.any());
        publish(trip.id(), history.created());
        publish(trip.id(), history.invited(trip.invitee().id(), "editor"));
        publish(trip.id(), history.accepted(trip.editor().id(), "editor"));
        publish(trip.id(), history.accepted(trip.viewer().id(), "viewer"));
        awaitRole(trip.id(), trip.viewer().id(), TripRole.VIEWER);
        return trip;
    }

    /** A trip with just its owner, once the replica knows it. */
    public TripHistory ownedBy(Person owner) {
        TripHistory history = new TripHistory(owner.id());
        publish(history.tripId(), history.created());
        awaitRole(history.tripId(), owner.id(), TripRole.OWNER);
        return history;
    }

    public void publish(UUID tripId, TripEvent event) {
        events.publish(tripId, event);
    }

    public void awaitRole(UUID tripId, UUID userId, TripRole role) {
        await().atMost(PATIENCE)
                .until(() -> access.roleOf(tripId, userId).filter(role::equals).isPresent());
    }

    /**
     * Waits until booking-service has consumed and committed every trip event published so far: the
     * way to know that a redelivered event has been processed, since by design it changes nothing.
     */
    public void awaitAllTripEventsConsumed() {
        String topic = corner.topic("trips");
        String group = corner.name() + ".booking-service.trip-access";
        try (Admin admin = Admin.create(corner.endpoints().kafkaAdmin())) {
            List<TopicPartition> partitions =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(
                            partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all()
                    .get();
            await().atMost(PATIENCE).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get();
                for (TopicPartition partition : partitions) {
                    long end = ends.get(partition).offset();
                    if (end > 0) {
                        assertThat(committed.get(partition))
                                .as("committed offset of %s", partition)
                                .isNotNull()
                                .extracting(OffsetAndMetadata::offset)
                                .isEqualTo(end);
                    }
                }
            });
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        events.close();
    }
}
