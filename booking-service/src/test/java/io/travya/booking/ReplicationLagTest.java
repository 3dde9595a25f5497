package io.travya.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.booking.TripFixture.Person;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestEvents.TripHistory;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.tripaccess.TripAccess;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Measures the replication lag from a trip event published on travya.trips to the trip being in
 * booking-service's replica, and reports it. Nothing here asserts a time: the numbers depend on the
 * machine; what is asserted is that every event arrives.
 *
 * <p>Two clocks: {@code visible} is the time until a query on the replica table TripAccess reads
 * returns the trip (polled every millisecond); {@code applied} is the replica's own {@code updated_at}
 * for the row minus the moment before the send, both from this machine's wall clock.
 */
@TravyaIntegrationTest
class ReplicationLagTest {

    private static final Logger log = LoggerFactory.getLogger(ReplicationLagTest.class);
    private static final int ONE_AT_A_TIME = 100;
    private static final int BURST = 300;

    @Autowired
    TestCorner corner;

    @Autowired
    TripAccess access;

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyTripEventReachesTheReplicaAndTheLagIsReported() {
        try (TripFixture trips = new TripFixture(corner, access)) {
            Person owner = Person.any();
            trips.ownedBy(owner); // the consumer is assigned its partitions and warm

            List<Double> visible = new ArrayList<>();
            List<Double> applied = new ArrayList<>();
            for (int i = 0; i < ONE_AT_A_TIME; i++) {
                TripHistory trip = new TripHistory(owner.id());
                Instant sent = Instant.now();
                long start = System.nanoTime();
                trips.publish(trip.tripId(), trip.created());
                await().pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(1))
                        .atMost(TripFixture.PATIENCE)
                        .until(() -> appliedAt(trip.tripId()).isPresent());
                visible.add((System.nanoTime() - start) / 1e6);
                applied.add(millisBetween(sent, appliedAt(trip.tripId()).orElseThrow()));
            }

            Map<UUID, Instant> burst = new LinkedHashMap<>();
            for (int i = 0; i < BURST; i++) {
                TripHistory trip = new TripHistory(owner.id());
                burst.put(trip.tripId(), Instant.now());
                trips.publish(trip.tripId(), trip.created());
            }
            await().atMost(TripFixture.PATIENCE)
                    .until(() ->
                            burst.keySet().stream().allMatch(id -> appliedAt(id).isPresent()));
            List<Double> burstApplied = new ArrayList<>();
            burst.forEach((id, sent) ->
                    burstApplied.add(millisBetween(sent, appliedAt(id).orElseThrow())));

            assertThat(visible).hasSize(ONE_AT_A_TIME);
            assertThat(burstApplied).hasSize(BURST);
            log.info(
                    "Replication lag, trip event published → booking-service replica: one at a time (n={}): {}; "
                            + "applied {}. Burst of {} sent back to back, applied {}",
                    ONE_AT_A_TIME,
                    percentiles(visible),
                    percentiles(applied),
                    BURST,
                    percentiles(burstApplied));
        }
    }

    private Optional<Instant> appliedAt(UUID tripId) {
        return jdbc.sql("SELECT updated_at FROM trip_access WHERE trip_id = ?")
                .param(tripId)
                .query(Timestamp.class)
                .optional()
                .map(Timestamp::toInstant);
    }

    private static double millisBetween(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private static String percentiles(List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return String.format(
                Locale.ROOT,
                "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms",
                at(sorted, 0.50),
                at(sorted, 0.90),
                at(sorted, 0.99),
                sorted.get(sorted.size() - 1));
    }

    private static double at(List<Double> sorted, double quantile) {
        return sorted.get((int) Math.ceil(quantile * sorted.size()) - 1);
    }
}
