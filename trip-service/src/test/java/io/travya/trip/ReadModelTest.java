package io.travya.trip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.events.BookingEvent;
import io.travya.events.EventTopic;
import io.travya.events.ItineraryItem;
import io.travya.events.TripEvent;
import io.travya.events.TripEventType;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestEvents;
import io.travya.platform.test.TestEvents.BookingHistory;
import io.travya.platform.test.TestEvents.ConversationHistory;
import io.travya.platform.test.TopicReader;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.platform.web.ExpectedTripVersion;
import io.travya.trip.Accounts.Account;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;

/** The statistics and the overview, kept in Redis from travya.trips, .bookings and .conversations. */
@TravyaIntegrationTest
class ReadModelTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Autowired
    StringRedisTemplate redis;

    HttpApi api;
    Fixtures fixtures;
    TestEvents events;

    @BeforeEach
    void setUp() {
        api = new HttpApi(port);
        fixtures = new Fixtures(api);
        events = new TestEvents(corner);
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    @Test
    void statisticsCountTripsByStatusAndTypeAndListTheNextFivePlannedTrips() {
        Account owner = fixtures.user();
        List<UUID> planned = new ArrayList<>();
        for (int month = 7; month >= 1; month--) {
            planned.add(0, fixtures.trip(owner, Fixtures.trip("City " + month, date(month, 1), date(month, 5), 100)));
        }
        Map<String, Object> business = Fixtures.trip("Frankfurt", date(8, 1), date(8, 3), null);
        business.put("trip_type", "business");
        UUID started = fixtures.trip(owner, business);
        api.patch("/api/v1/trips/" + started, Map.of("status", "in_progress"), owner.token());
        api.patch("/api/v1/trips/" + planned.get(0), Map.of("status", "cancelled"), owner.token());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode stats = stats(owner);
            assertThat(stats.get("total_trips").asLong()).isEqualTo(8);
            assertThat(stats.get("total_budget").decimalValue()).isEqualByComparingTo("700");
            assertThat(stats.get("trips_by_status").get("planned").asLong()).isEqualTo(6);
            assertThat(stats.get("trips_by_status").get("in_progress").asLong()).isEqualTo(1);
            assertThat(stats.get("trips_by_status").get("cancelled").asLong()).isEqualTo(1);
            assertThat(stats.get("trips_by_type").get("business").asLong()).isEqualTo(1);
            List<String> upcoming = new ArrayList<>();
            stats.get("upcoming_trips")
                    .forEach(trip -> upcoming.add(trip.get("id").asString()));
            assertThat(upcoming)
                    .as("the next five planned trips by start date")
                    .containsExactly(
                            planned.subList(1, 6).stream().map(UUID::toString).toArray(String[]::new));
        });
    }

    @Test
    void aTripSharedWithSomeoneCountsInTheirStatisticsOnlyWhileTheyAreAnAcceptedCollaborator() {
        Account owner = fixtures.user();
        Account friend = fixtures.user();
        UUID trip = fixtures.trip(owner);
        UUID collaborator = fixtures.invite(owner, trip, friend, "viewer");

        awaitStat(friend, "shared_with_me", 0);
        api.post("/api/v1/trips/" + trip + "/collaborators/" + collaborator + "/accept", null, friend.token());
        awaitStat(friend, "shared_with_me", 1);
        api.delete("/api/v1/trips/" + trip + "/collaborators/" + collaborator, owner.token());
        awaitStat(friend, "shared_with_me", 0);
    }

    @Test
    void theOverviewGathersTheTripItsItineraryBookingsAndConversations() {
        Account owner = fixtures.user();
        Account friend = fixtures.user();
        UUID trip = fixtures.trip(owner, Fixtures.trip("Lisbon", date(5, 1), date(5, 8), 2500));
        fixtures.itineraryItem(owner, trip, 1, "Arrival");
        fixtures.itineraryItem(owner, trip, 1, "Dinner");
        fixtures.itineraryItem(owner, trip, 3, "Sintra");
        fixtures.share(owner, trip, friend, "editor");
        BookingHistory hotel = new BookingHistory(trip, "hotel", "Casa", "640.00", "EUR", LocalDate.parse(date(5, 1)));
        BookingHistory flight = new BookingHistory(trip, "flight", "TAP", "300.00", "EUR", LocalDate.parse(date(5, 1)));
        events.publish(trip, hotel.created());
        events.publish(trip, hotel.confirmed());
        events.publish(trip, flight.created());
        events.publish(trip, flight.cancelled());
        ConversationHistory chat = new ConversationHistory(trip, "Planning");
        events.publish(trip, chat.started());
        events.publish(trip, chat.messagePosted("What should we see?"));
        events.publish(trip, chat.messagePosted("And eat?"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpApi.Response response = api.get("/api/v1/trips/" + trip + "/overview", friend.token());
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            JsonNode overview = response.json();
            assertThat(overview.get("trip").get("destination").asString()).isEqualTo("Lisbon");
            assertThat(overview.get("itinerary").get("items").asLong()).isEqualTo(3);
            assertThat(overview.get("itinerary").get("days_covered").asLong()).isEqualTo(2);
            assertThat(overview.get("itinerary").get("trip_days").asLong()).isEqualTo(8);
            assertThat(overview.get("collaborators").get(0).get("role").asString())
                    .isEqualTo("editor");
            assertThat(overview.get("bookings").get("count").asLong()).isEqualTo(2);
            assertThat(overview.get("bookings").get("totals").get("EUR").decimalValue())
                    .isEqualByComparingTo("640");
            assertThat(overview.get("bookings")
                            .get("by_status")
                            .get("cancelled")
                            .get("count")
                            .asLong())
                    .isEqualTo(1);
            assertThat(overview.get("budget").get("remaining").decimalValue()).isEqualByComparingTo("1860");
            assertThat(overview.get("budget").get("currency").asString()).isEqualTo("EUR");
            assertThat(overview.get("conversations").get("count").asLong()).isEqualTo(1);
            assertThat(overview.get("conversations").get("messages").asLong()).isEqualTo(2);
            assertThat(overview.get("last_activity_at").isNull()).isFalse();
        });
        JsonNode stats = stats(owner);
        assertThat(stats.get("bookings_count").asLong()).isEqualTo(2);
        assertThat(stats.get("bookings_total").get("EUR").decimalValue()).isEqualByComparingTo("640");
    }

    @Test
    void anOverviewAskedForWithTheTripsVersionIncludesThatVersion() {
        Account owner = fixtures.user();
        UUID trip = fixtures.trip(owner, Fixtures.trip("Porto", date(7, 1), date(7, 5), 900));
        // the pipeline is warm (relay leading, consumers assigned) before the timed wait is judged: a
        // context that has just started can take longer than the 2 s on a busy machine
        await().atMost(Duration.ofSeconds(60))
                .until(() -> api.get("/api/v1/trips/" + trip + "/overview", owner.token())
                                .status()
                        == 200);
        HttpApi.Response renamed = api.patch("/api/v1/trips/" + trip, Map.of("title", "Porto, again"), owner.token());
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);

        // as a client that has just changed the trip: it passes back the version it was answered with
        HttpApi.Response overview = api.send(
                "GET",
                "/api/v1/trips/" + trip + "/overview",
                null,
                owner.token(),
                Map.of(ExpectedTripVersion.HEADER, renamed.header("ETag")));

        assertThat(overview.status()).as(overview.toString()).isEqualTo(200);
        assertThat(overview.json().get("trip").get("title").asString()).isEqualTo("Porto, again");
        assertThat(overview.json().get("trip").get("version").asLong()).isEqualTo(1);
    }

    @Test
    void anOverviewAskedForWithAVersionTheReadModelsNeverReachIsUnavailableForNow() {
        Account owner = fixtures.user();
        UUID trip = fixtures.trip(owner, Fixtures.trip("Faro", date(8, 1), date(8, 5), 900));

        HttpApi.Response ahead = api.send(
                "GET",
                "/api/v1/trips/" + trip + "/overview",
                null,
                owner.token(),
                Map.of(ExpectedTripVersion.HEADER, "\"41\""));
        HttpApi.Response malformed = api.send(
                "GET",
                "/api/v1/trips/" + trip + "/overview",
                null,
                owner.token(),
                Map.of(ExpectedTripVersion.HEADER, "latest"));

        assertThat(ahead.status()).as(ahead.toString()).isEqualTo(503);
        assertThat(ahead.header("Retry-After")).isEqualTo("1");
        assertThat(malformed.status()).as(malformed.toString()).isEqualTo(400);
        assertThat(malformed.json().get("errors").get(0).get("field").asString())
                .isEqualTo(ExpectedTripVersion.HEADER);
    }

    @Test
    void eventsDeliveredTwiceOrLateChangeNothing() {
        Account owner = fixtures.user();
        UUID trip = fixtures.trip(owner, Fixtures.trip("Oslo", date(6, 1), date(6, 4), 1000));
        BookingHistory hotel = new BookingHistory(trip, "hotel", "Thon", "200.00", "NOK", LocalDate.parse(date(6, 1)));
        BookingEvent created = hotel.created();
        BookingEvent repriced = hotel.repriced("350.00");
        events.publish(trip, created);
        events.publish(trip, repriced);
        events.publish(trip, repriced);
        events.publish(trip, created);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode overview = api.get("/api/v1/trips/" + trip + "/overview", owner.token())
                    .json();
            assertThat(overview.get("bookings").get("count").asLong()).isEqualTo(1);
            assertThat(overview.get("bookings").get("totals").get("NOK").decimalValue())
                    .isEqualByComparingTo("350");
        });
        assertThat(stats(owner).get("bookings_total").get("NOK").decimalValue()).isEqualByComparingTo("350");
    }

    @Test
    void anEventThatCannotBeReadIsDeadLetteredAloneAndTheEventsAroundItAreApplied() {
        UUID owner = UUID.randomUUID();
        TestEvents.TripHistory trip = new TestEvents.TripHistory(owner);
        TripEvent created = trip.created();
        ItineraryItem museum = TestEvents.item(
                trip.tripId(), 2, "Museum", LocalTime.of(10, 0), LocalTime.of(12, 0), "Centre", List.of());
        TripEvent added = TestEvents.itinerary(trip, TripEventType.ItineraryItemAdded, museum);
        byte[] unreadable = "{\"not\": \"an avro event\"}".getBytes(StandardCharsets.UTF_8);
        // one partition (one key), back to back: often one poll, where the records before the unreadable
        // one are committed and the ones after it retried
        events.publishAsync(trip.tripId(), created);
        events.flush();
        events.publishUnreadable(EventTopic.TRIPS, trip.tripId(), unreadable);
        events.publish(trip.tripId(), added);

        String statsKey = userKey("stats", owner);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(redis.opsForHash().get(statsKey, "total_trips")).isEqualTo("1");
            assertThat(redis.opsForHash()
                            .get(tripKey("itin", trip.tripId()), museum.getId().toString()))
                    .isEqualTo("2");
        });
        assertThat(TopicReader.rawRecords(corner.endpoints(), corner.topic("trips") + ".DLT", Duration.ofSeconds(10)))
                .as("the unreadable record alone, byte for byte, on the dead-letter topic")
                .singleElement()
                .satisfies(dead -> {
                    assertThat(dead.key()).isEqualTo(trip.tripId().toString());
                    assertThat(dead.value()).isEqualTo(unreadable);
                });
        assertThat(redis.opsForHash().get(tripKey("trip", trip.tripId()), "version"))
                .isEqualTo(Long.toString(added.getAggregateVersion()));
    }

    @Test
    void bookingsThatArriveBeforeTheirTripAreCountedForItsOwnerWhenItArrives() {
        UUID owner = UUID.randomUUID();
        TestEvents.TripHistory trip = new TestEvents.TripHistory(owner);
        BookingHistory early =
                new BookingHistory(trip.tripId(), "hotel", "Early", "99.00", "USD", LocalDate.parse(date(5, 1)));
        events.publish(trip.tripId(), early.created());
        String statsKey = userKey("stats", owner);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> redis.opsForHash().get(tripKey("tb", trip.tripId()), "count") != null);

        events.publish(trip.tripId(), trip.created());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(redis.opsForHash().get(statsKey, "bookings:count")).isEqualTo("1");
            assertThat(redis.opsForHash().get(statsKey, "bookings:sum:USD")).isEqualTo("9900");
        });
        events.publish(trip.tripId(), trip.deleted());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            // figures back at zero are removed, as a rebuild (which may never add them) would have it;
            // with the last one the user's statistics key is gone
            assertThat(redis.opsForHash().get(statsKey, "bookings:count")).isNull();
            assertThat(redis.opsForHash().get(statsKey, "bookings:sum:USD")).isNull();
            assertThat(redis.hasKey(statsKey)).isFalse();
        });
    }

    @Test
    void aTripIsServedFromTheCacheOnlyAtTheVersionTheDatabaseHolds() {
        Account owner = fixtures.user();
        UUID trip = fixtures.trip(owner);
        String key = tripKey("trip", trip);
        await().atMost(Duration.ofSeconds(20)).until(() -> redis.opsForHash().get(key, "state") != null);
        // prove where the answer comes from: mark the cached copy (same version)
        String state = (String) redis.opsForHash().get(key, "state");
        redis.opsForHash().put(key, "state", state.replace("Trip to Lisbon, Portugal", "From the cache"));

        assertThat(api.get("/api/v1/trips/" + trip, owner.token())
                        .json()
                        .get("title")
                        .asString())
                .isEqualTo("From the cache");
        api.patch("/api/v1/trips/" + trip, Map.of("title", "Changed"), owner.token());
        assertThat(api.get("/api/v1/trips/" + trip, owner.token())
                        .json()
                        .get("title")
                        .asString())
                .as("a newer version in the database is never hidden by the cache")
                .isEqualTo("Changed");
    }

    private void awaitStat(Account who, String field, long expected) {
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(stats(who).get(field).asLong()).isEqualTo(expected));
    }

    private JsonNode stats(Account who) {
        HttpApi.Response response = api.get("/api/v1/trips/stats", who.token());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    /** A key of the user's hash slot in the generation served (trip-service's ReadModelKeys). */
    private String userKey(String kind, Object user) {
        return generationPrefix() + kind + ":{u:" + user + "}";
    }

    /** A key of the trip's hash slot in the generation served. */
    private String tripKey(String kind, Object trip) {
        return generationPrefix() + kind + ":{t:" + trip + "}";
    }

    private String generationPrefix() {
        String generation = redis.opsForValue().get(corner.name() + ":rm:current");
        return corner.name() + ":rm:" + generation + ":";
    }

    private static String date(int month, int day) {
        return LocalDate.now().plusYears(1).withMonth(month).withDayOfMonth(day).toString();
    }
}
