package io.travya.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.events.UserEvent;
import io.travya.events.UserEventType;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestEvents;
import io.travya.platform.test.TestEvents.TripHistory;
import io.travya.platform.test.TestTokens;
import io.travya.platform.test.TravyaIntegrationTest;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A user trip-service deactivates or erases is refused here too, without waiting for their token to
 * expire.
 */
@TravyaIntegrationTest
class DeactivatedUserTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Test
    void theTokenOfADeactivatedUserStopsWorkingOnceTheEventArrivesAndWorksAgainWhenReactivated() {
        HttpApi api = new HttpApi(port);
        UUID owner = UUID.randomUUID();
        String token = TestTokens.get().tokenFor(owner);
        TripHistory trip = new TripHistory(owner);
        try (TestEvents events = new TestEvents(corner)) {
            events.publish(trip.tripId(), trip.created());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/api/v1/bookings?trip_id=" + trip.tripId(), token)
                                    .status()
                            == 200);

            events.publish(owner, TestEvents.userEvent(owner, 1, false));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/api/v1/bookings?trip_id=" + trip.tripId(), token)
                                    .status()
                            == 401);

            events.publish(owner, TestEvents.userEvent(owner, 2, true));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/api/v1/bookings?trip_id=" + trip.tripId(), token)
                                    .status()
                            == 200);
        }
    }

    @Test
    void theTokenOfAnErasedUserStopsWorkingOnceTheEventArrives() {
        HttpApi api = new HttpApi(port);
        UUID owner = UUID.randomUUID();
        String token = TestTokens.get().tokenFor(owner);
        TripHistory trip = new TripHistory(owner);
        try (TestEvents events = new TestEvents(corner)) {
            events.publish(trip.tripId(), trip.created());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/api/v1/bookings?trip_id=" + trip.tripId(), token)
                                    .status()
                            == 200);

            // as trip-service writes it: the account's last event
            UserEvent erased = TestEvents.userEvent(owner, 1, false);
            erased.put("event_type", UserEventType.UserErased);
            events.publish(owner, erased);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/api/v1/bookings?trip_id=" + trip.tripId(), token)
                                    .status()
                            == 401);
        }
    }

    /**
     * The service reads travya.users in one consumer group of its own, whose offsets it commits: a
     * restarted service resumes where it left off (what it learnt is in its database) rather than
     * reading the topic from the beginning in a new group, and no group is left behind per start.
     */
    @Test
    void theUsersTopicIsReadInOneGroupOfTheServiceWhichCommitsWhatItHasApplied() throws Exception {
        HttpApi api = new HttpApi(port);
        UUID owner = UUID.randomUUID();
        String token = TestTokens.get().tokenFor(owner);
        TripHistory trip = new TripHistory(owner);
        String group = corner.name() + ".booking-service.deactivated-users";
        String users = corner.topic("users");
        try (TestEvents events = new TestEvents(corner);
                Admin admin = Admin.create(corner.endpoints().kafkaAdmin())) {
            events.publish(trip.tripId(), trip.created());
            events.publish(owner, TestEvents.userEvent(owner, 1, false));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/api/v1/bookings?trip_id=" + trip.tripId(), token)
                                    .status()
                            == 401);

            Map<TopicPartition, Long> ends = endOffsets(admin, users);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get();
                ends.forEach((partition, end) -> {
                    if (end > 0) {
                        assertThat(committed.get(partition))
                                .as("committed on " + partition)
                                .isNotNull();
                        assertThat(committed.get(partition).offset()).isEqualTo(end);
                    }
                });
            });
            assertThat(admin.listConsumerGroups().all().get())
                    .extracting(ConsumerGroupListing::groupId)
                    .filteredOn(id -> id.startsWith(group))
                    .containsExactly(group);
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic)
            throws InterruptedException, ExecutionException {
        Set<TopicPartition> partitions =
                admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .collect(Collectors.toSet());
        return admin
                .listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all()
                .get()
                .entrySet()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
}
