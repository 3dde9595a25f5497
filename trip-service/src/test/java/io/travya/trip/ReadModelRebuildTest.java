package io.travya.trip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestEvents;
import io.travya.platform.test.TestEvents.BookingHistory;
import io.travya.platform.test.TestEvents.ConversationHistory;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.trip.Accounts.Account;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;

/** The read models are rebuilt from the topics alone: into the same numbers, while reads go on. */
@TravyaIntegrationTest
class ReadModelRebuildTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    // as the administrator: trip-service's own Redis user may not list keys or ask their type
    StringRedisTemplate redis;

    @BeforeEach
    void redisAsAdministrator() {
        redis = redisAsAdmin();
    }

    /** The Redis the read models are kept in, as its administrator. */
    StringRedisTemplate redisAsAdmin() {
        return corner.redisAsAdmin();
    }

    @Test
    void aRebuildYieldsIdenticalReadModelsAndReadsStayCorrectWhileItRuns() {
        HttpApi api = new HttpApi(port);
        Fixtures fixtures = new Fixtures(api);
        Account owner = fixtures.user();
        Account friend = fixtures.user();
        List<UUID> trips = history(api, fixtures, owner, friend);
        JsonNode expectedStats = settled(api, owner);
        JsonNode expectedOverview = api.get("/api/v1/trips/" + trips.get(0) + "/overview", owner.token())
                .json();
        String before = redis.opsForValue().get(corner.name() + ":rm:current");
        Map<String, String> dumpBefore = dump(before);

        // a generation's name starts with its key layout's letter (ReadModelKeys.LAYOUT)
        redis.opsForValue().set(corner.name() + ":rm:rebuild", "s" + System.currentTimeMillis());
        AtomicInteger reads = new AtomicInteger();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    HttpApi.Response stats = api.get("/api/v1/trips/stats", owner.token());
                    assertThat(stats.status())
                            .as("reads are served during the rebuild")
                            .isEqualTo(200);
                    assertThat(stats.json())
                            .as("reads stay correct during the rebuild")
                            .isEqualTo(expectedStats);
                    reads.incrementAndGet();
                    return !before.equals(redis.opsForValue().get(corner.name() + ":rm:current"));
                });
        String after = redis.opsForValue().get(corner.name() + ":rm:current");

        assertThat(reads.get()).isGreaterThan(1);
        assertThat(dump(after)).as("the rebuilt read models").isEqualTo(dumpBefore);
        assertThat(api.get("/api/v1/trips/stats", owner.token()).json()).isEqualTo(expectedStats);
        assertThat(api.get("/api/v1/trips/" + trips.get(0) + "/overview", owner.token())
                        .json())
                .isEqualTo(expectedOverview);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(redis.keys(corner.name() + ":rm:" + before + ":*"))
                        .as("the retired generation is removed")
                        .isEmpty());
    }

    @Test
    void readModelsLostFromRedisAreBuiltAgainAndUntilThenReadsAreRefusedNotWrong() {
        HttpApi api = new HttpApi(port);
        Fixtures fixtures = new Fixtures(api);
        Account owner = fixtures.user();
        history(api, fixtures, owner, fixtures.user());
        JsonNode expected = settled(api, owner);

        redis.delete(redis.keys(corner.name() + ":rm:*"));

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    HttpApi.Response stats = api.get("/api/v1/trips/stats", owner.token());
                    if (stats.status() == 503) {
                        assertThat(stats.header("Retry-After")).isEqualTo("1");
                        return false;
                    }
                    assertThat(stats.status()).isEqualTo(200);
                    assertThat(stats.json()).as("never a partial answer").isEqualTo(expected);
                    return true;
                });
    }

    /** A little of everything: trips, changes, an itinerary, collaborators, bookings, a conversation. */
    private List<UUID> history(HttpApi api, Fixtures fixtures, Account owner, Account friend) {
        List<UUID> trips = new ArrayList<>();
        String start = LocalDate.now().plusMonths(2).toString();
        String end = LocalDate.now().plusMonths(2).plusDays(6).toString();
        for (int i = 0; i < 4; i++) {
            trips.add(fixtures.trip(owner, Fixtures.trip("Place " + i, start, end, 1000 + i)));
        }
        api.patch("/api/v1/trips/" + trips.get(1), Map.of("status", "in_progress"), owner.token());
        api.delete("/api/v1/trips/" + trips.get(3), owner.token());
        fixtures.itineraryItem(owner, trips.get(0), 2, "Museum");
        fixtures.share(owner, trips.get(0), friend, "viewer");
        try (TestEvents events = new TestEvents(corner)) {
            BookingHistory hotel = new BookingHistory(
                    trips.get(0),
                    "hotel",
                    "Hotel",
                    "410.50",
                    "EUR",
                    LocalDate.now().plusMonths(2));
            events.publish(trips.get(0), hotel.created());
            events.publish(trips.get(0), hotel.confirmed());
            events.publish(trips.get(0), hotel.confirmed());
            ConversationHistory chat = new ConversationHistory(trips.get(0), "Ideas");
            events.publish(trips.get(0), chat.started());
            events.publish(trips.get(0), chat.messagePosted("Hello"));
        }
        return trips;
    }

    /** The statistics once every event has been applied (they stop changing). */
    private JsonNode settled(HttpApi api, Account owner) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode stats = api.get("/api/v1/trips/stats", owner.token()).json();
            return stats.get("bookings_count").asLong() == 1
                    && stats.get("total_trips").asLong() == 3;
        });
        return api.get("/api/v1/trips/stats", owner.token()).json();
    }

    /**
     * Every key of a generation, without the generation in its name, with its whole value. What a trip
     * contributes to each user (users:, contrib:) is compared without its sequence numbers: they count
     * the changes, and how often a trip's contribution changed depends on the order in which its trip
     * and booking events met, which differs between the live read models and a rebuild.
     */
    private Map<String, String> dump(String generation) {
        String prefix = corner.name() + ":rm:" + generation + ":";
        Map<String, String> dump = new TreeMap<>();
        Set<String> keys = redis.keys(prefix + "*");
        for (String key : keys) {
            String name = key.substring(prefix.length());
            DataType type = redis.type(key);
            String value = switch (type) {
                case HASH -> {
                    Map<String, String> fields =
                            new TreeMap<>(redis.<String, String>opsForHash().entries(key));
                    if (name.startsWith("users:") || name.startsWith("contrib:")) {
                        fields.remove("#seq");
                        fields.replaceAll((field, held) -> held.replaceFirst("^\\d+ ", ""));
                    }
                    yield fields.toString();
                }
                case SET -> new java.util.TreeSet<>(redis.opsForSet().members(key)).toString();
                case ZSET ->
                    String.valueOf(redis.opsForZSet().rangeWithScores(key, 0, -1).stream()
                            .map(t -> t.getValue() + "=" + t.getScore())
                            .sorted()
                            .toList());
                case STRING -> redis.opsForValue().get(key);
                default -> type.toString();
            };
            dump.put(name, value);
        }
        return dump;
    }
}
