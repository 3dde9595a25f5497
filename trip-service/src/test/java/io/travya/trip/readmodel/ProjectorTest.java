package io.travya.trip.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.travya.events.Trip;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestEvents.BookingHistory;
import io.travya.platform.test.TestEvents.TripHistory;
import io.travya.platform.test.TravyaIntegrationTest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A poll's contributions are handed on in one call per user ({@link HandOns}); whatever the polls,
 * redeliveries, replays and crashes between the two steps, every user's figures end as they do when
 * each event is applied on its own.
 */
@TravyaIntegrationTest
class ProjectorTest {

    @Autowired
    Projector projector;

    @Autowired
    ReadModelKeys keys;

    @Autowired
    ScriptPipeline pipeline;

    @Autowired
    TestCorner corner;

    final UUID ann = UUID.randomUUID();
    final UUID bob = UUID.randomUUID();
    final UUID cy = UUID.randomUUID();
    final List<ConsumerRecord<Object, Object>> history = new ArrayList<>();
    Map<UUID, Figures> oneByOne;
    // the figures are read as the administrator: the service's login may only run its scripts and reads
    StringRedisTemplate redis;

    @BeforeEach
    void setUp() {
        redis = redisAsAdmin();
        TripHistory lisbon = new TripHistory(ann);
        TripHistory oslo = new TripHistory(ann);
        TripHistory rome = new TripHistory(bob);
        TripHistory kyoto = new TripHistory(bob);
        BookingHistory hotel =
                new BookingHistory(lisbon.tripId(), "hotel", "Pestana", "200.00", "EUR", LocalDate.of(2027, 5, 1));
        BookingHistory flight =
                new BookingHistory(kyoto.tripId(), "flight", "JAL", "900.00", "JPY", LocalDate.of(2027, 5, 1));
        record(lisbon.tripId(), lisbon.created());
        record(oslo.tripId(), oslo.created());
        record(rome.tripId(), rome.created());
        record(lisbon.tripId(), hotel.created());
        record(lisbon.tripId(), lisbon.accepted(cy, "viewer"));
        record(kyoto.tripId(), kyoto.created());
        record(oslo.tripId(), oslo.deleted());
        record(rome.tripId(), rome.accepted(cy, "editor"));
        record(lisbon.tripId(), hotel.confirmed());
        record(
                lisbon.tripId(),
                lisbon.updated(Trip.newBuilder(lisbon.trip())
                        .setBudget(new BigDecimal("3000.00"))
                        .build()));
        record(rome.tripId(), rome.removed(cy));
        record(
                kyoto.tripId(),
                kyoto.updated(
                        Trip.newBuilder(kyoto.trip()).setStatus("completed").build()));
        record(kyoto.tripId(), flight.created());
        String alone = generation();
        for (ConsumerRecord<Object, Object> record : history) {
            projector.applyAll(alone, List.of(record));
        }
        oneByOne = figures(alone);
    }

    @Test
    void eventsAppliedOneByOneGiveEachUserWhatItsTripsContribute() {
        assertThat(oneByOne.get(ann).stats())
                .containsEntry("total_trips", "1")
                .containsEntry("status:planned", "1")
                .containsEntry("budget_cents", "300000")
                .containsEntry("bookings:count", "1")
                .containsEntry("bookings:sum:EUR", "20000");
        assertThat(oneByOne.get(ann).upcoming()).hasSize(1);
        assertThat(oneByOne.get(bob).stats())
                .containsEntry("total_trips", "2")
                .containsEntry("status:completed", "1")
                .containsEntry("bookings:sum:JPY", "90000");
        assertThat(oneByOne.get(cy).stats()).containsOnly(Map.entry("shared_with_me", "1"));
    }

    @Test
    void allTheEventsInOnePollEndAsOneByOne() {
        String generation = generation();

        projector.applyAll(generation, history);

        assertThat(figures(generation)).isEqualTo(oneByOne);
    }

    @Test
    void aPollDeliveredAgainChangesNothing() {
        String generation = generation();

        projector.applyAll(generation, history);
        projector.applyAll(generation, history);

        assertThat(figures(generation)).isEqualTo(oneByOne);
    }

    @Test
    void aPollWhoseFunctionsRedisLostMeanwhileEndsAsOneByOne() {
        String generation = generation();
        projector.applyAll(generation, history.subList(0, 4));
        LostFunctions.flush(redis);

        projector.applyAll(generation, history.subList(4, history.size()));

        assertThat(figures(generation)).isEqualTo(oneByOne);
    }

    @Test
    void aCrashBetweenTheStepsIsMadeGoodByThePollDeliveredAgain() {
        String generation = generation();
        projector.applyAll(generation, history.subList(0, 4));

        // the trips' step of the rest, then a crash before any contribution is handed on
        projector.applyToTrips(generation, history.subList(4, history.size()));
        projector.applyAll(generation, history.subList(4, history.size()));

        assertThat(figures(generation)).isEqualTo(oneByOne);
    }

    @Test
    void aReplayFromTheStartInOtherPollsEndsAsOneByOne() {
        String generation = generation();
        projector.applyAll(generation, history.subList(0, 7));

        for (int from = 0; from < history.size(); from += 3) {
            projector.applyAll(generation, history.subList(from, Math.min(history.size(), from + 3)));
        }

        assertThat(figures(generation)).isEqualTo(oneByOne);
    }

    @Test
    void contributionsHandedOnLateTakeEffectOnlyWhereNothingNewerWasHandedOn() {
        String generation = generation();
        // a consumer stalls after the trips' step of a poll; another applies the later events meanwhile
        Projector.TripStep stalled = projector.applyToTrips(generation, history.subList(0, 9));
        projector.applyAll(generation, history.subList(9, history.size()));

        List<Object> late = pipeline.run(stalled.handOns().calls().stream()
                .map(call -> call.call(generation))
                .toList());

        assertThat(stalled.failure()).isNull();
        assertThat(late).doesNotHaveAnyElementsOfTypes(Exception.class);
        assertThat(figures(generation)).isEqualTo(oneByOne);
    }

    /**
     * What the statistics of a user show (its figures, its upcoming trips by start day, their copies),
     * and the contribution of each trip it took in, with its sequence number.
     */
    record Figures(
            Map<String, String> stats,
            Map<String, Double> upcoming,
            Map<String, String> shown,
            Map<String, String> taken) {}

    private Map<UUID, Figures> figures(String generation) {
        Map<UUID, Figures> figures = new TreeMap<>();
        for (UUID user : List.of(ann, bob, cy)) {
            Map<String, Double> upcoming = new TreeMap<>();
            var ranked = redis.opsForZSet().rangeWithScores(ReadModelKeys.ofUser(generation, "upcoming", user), 0, -1);
            ranked.forEach(trip -> upcoming.put(trip.getValue(), trip.getScore()));
            figures.put(
                    user,
                    new Figures(
                            hash(ReadModelKeys.ofUser(generation, "stats", user)),
                            upcoming,
                            hash(ReadModelKeys.ofUser(generation, "upinfo", user)),
                            hash(ReadModelKeys.ofUser(generation, "contrib", user))));
        }
        return figures;
    }

    private Map<String, String> hash(String key) {
        return new TreeMap<>(redis.<String, String>opsForHash().entries(key));
    }

    StringRedisTemplate redisAsAdmin() {
        return corner.redisAsAdmin();
    }

    /** A fresh generation's key prefix. */
    private String generation() {
        return keys.of("test" + UUID.randomUUID());
    }

    private void record(UUID trip, SpecificRecord event) {
        String topic = corner.topic(io.travya.events.EventTopic.forRecord(event).shortName());
        history.add(new ConsumerRecord<>(topic, 0, history.size(), trip.toString(), event));
    }
}
