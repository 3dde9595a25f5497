package io.travya.trip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.events.TripEvent;
import io.travya.events.TripEventType;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TopicReader;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.trip.Accounts.Account;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@TravyaIntegrationTest
class TripLifecycleTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Autowired
    JdbcClient jdbc;

    HttpApi api;
    Fixtures fixtures;

    @BeforeEach
    void setUp() {
        api = new HttpApi(port);
        fixtures = new Fixtures(api);
    }

    @Test
    void aTripIsCreatedPlannedWithTheSeedsDefaultsAndVersionZero() {
        Account owner = fixtures.user();
        HttpApi.Response created = api.post(
                "/api/v1/trips",
                Map.of(
                        "title", " Paris Adventure ",
                        "destination", "Paris, France",
                        "start_date", "2027-08-15",
                        "end_date", "2027-08-20"),
                owner.token());

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location"))
                .endsWith("/api/v1/trips/" + created.json().get("id").asString());
        assertThat(created.header("ETag")).isEqualTo("\"0\"");
        assertThat(created.json().get("title").asString()).isEqualTo("Paris Adventure");
        assertThat(created.json().get("status").asString()).isEqualTo("planned");
        assertThat(created.json().get("trip_type").asString()).isEqualTo("leisure");
        assertThat(created.json().get("budget").isNull()).isTrue();
        assertThat(created.json().get("user_id").asString())
                .isEqualTo(owner.id().toString());
    }

    @Test
    void anEditChangesOnlyTheFieldsSentAndIncrementsTheVersion() {
        Account owner = fixtures.user();
        UUID trip = fixtures.trip(owner);

        HttpApi.Response patched =
                api.patch("/api/v1/trips/" + trip, Map.of("title", "Lisbon and Sintra", "budget", 3000), owner.token());

        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("title").asString()).isEqualTo("Lisbon and Sintra");
        assertThat(patched.json().get("budget").decimalValue()).isEqualByComparingTo("3000");
        assertThat(patched.json().get("destination").asString()).isEqualTo("Lisbon, Portugal");
        assertThat(patched.json().get("version").asLong()).isEqualTo(1);
        assertThat(patched.header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void sendingNullClearsTheBudgetButNotTheTitle() {
        Account owner = fixtures.user();
        UUID trip = fixtures.trip(owner);
        Map<String, Object> clearBudget = new java.util.HashMap<>();
        clearBudget.put("budget", null);
        Map<String, Object> clearTitle = new java.util.HashMap<>();
        clearTitle.put("title", null);

        assertThat(api.patch("/api/v1/trips/" + trip, clearBudget, owner.token())
                        .json()
                        .get("budget")
                        .isNull())
                .isTrue();
        HttpApi.Response refused = api.patch("/api/v1/trips/" + trip, clearTitle, owner.token());
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("title");
    }

    @Test
    void aStaleIfMatchIsRefusedWith412AndAStaleVersionFieldWith409() {
        Account owner = fixtures.user();
        UUID trip = fixtures.trip(owner);
        api.patch("/api/v1/trips/" + trip, Map.of("title", "First edit"), owner.token());

        HttpApi.Response byHeader = api.send(
                "PATCH",
                "/api/v1/trips/" + trip,
                Map.of("title", "Lost update"),
                owner.token(),
                Map.of("If-Match", "\"0\""));
        HttpApi.Response byField =
                api.patch("/api/v1/trips/" + trip, Map.of("title", "Lost update", "version", 0), owner.token());
        HttpApi.Response current = api.send(
                "PATCH",
                "/api/v1/trips/" + trip,
                Map.of("title", "Second edit"),
                owner.token(),
                Map.of("If-Match", "\"1\""));

        assertThat(byHeader.status()).isEqualTo(412);
        assertThat(byField.status()).isEqualTo(409);
        assertThat(current.status()).isEqualTo(200);
        assertThat(api.get("/api/v1/trips/" + trip, owner.token())
                        .json()
                        .get("title")
                        .asString())
                .isEqualTo("Second edit");
    }

    @Test
    void aTripMovesPlannedThenInProgressThenCompletedAndNoFurther() {
        Account owner = fixtures.user();
        UUID trip = fixtures.trip(owner);

        assertThat(status(owner, trip, "completed")).as("planned → completed").isEqualTo(409);
        assertThat(status(owner, trip, "in_progress")).isEqualTo(200);
        assertThat(status(owner, trip, "planned")).as("in_progress → planned").isEqualTo(409);
        assertThat(status(owner, trip, "completed")).isEqualTo(200);
        assertThat(status(owner, trip, "cancelled")).as("completed → cancelled").isEqualTo(409);
        assertThat(status(owner, trip, "in_progress"))
                .as("completed → in_progress")
                .isEqualTo(409);
    }

    @Test
    void aPlannedOrInProgressTripCanBeCancelledAndACancelledOneStaysCancelled() {
        Account owner = fixtures.user();
        UUID planned = fixtures.trip(owner);
        UUID started = fixtures.trip(owner);
        status(owner, started, "in_progress");

        assertThat(status(owner, planned, "cancelled")).isEqualTo(200);
        assertThat(status(owner, started, "cancelled")).isEqualTo(200);
        HttpApi.Response refused = api.patch("/api/v1/trips/" + planned, Map.of("status", "planned"), owner.token());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("status");
        assertThat(refused.json().get("errors").get(0).get("reason").asString())
                .contains("cannot change from cancelled to planned");
    }

    @Test
    void datesInTheWrongOrderAreRefusedAfterMergingWithTheStoredOnes() {
        Account owner = fixtures.user();
        UUID trip = fixtures.trip(owner); // 2027-05-01 .. 2027-05-08

        HttpApi.Response refused = api.patch("/api/v1/trips/" + trip, Map.of("end_date", "2027-04-30"), owner.token());

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("end_date");
    }

    @Test
    void aTripCannotBeShortenedBelowItsItinerary() {
        Account owner = fixtures.user();
        UUID trip = fixtures.trip(owner); // 8 days
        fixtures.itineraryItem(owner, trip, 8, "Last day");

        HttpApi.Response refused = api.patch("/api/v1/trips/" + trip, Map.of("end_date", "2027-05-05"), owner.token());

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("errors").get(0).get("reason").asString()).contains("day 8");
    }

    @Test
    void deletingATripRemovesItsItineraryAndCollaboratorsAndPublishesTheDeletionAsItsNewestVersion() {
        Account owner = fixtures.user();
        Account friend = fixtures.user();
        UUID trip = fixtures.trip(owner);
        fixtures.itineraryItem(owner, trip, 1, "Arrival");
        fixtures.share(owner, trip, friend, "editor");

        HttpApi.Response deleted = api.delete("/api/v1/trips/" + trip, owner.token());

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(api.get("/api/v1/trips/" + trip, owner.token()).status()).isEqualTo(404);
        assertThat(count("itineraries", trip)).isZero();
        assertThat(count("trip_collaborators", trip)).isZero();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<TripEvent> events = TopicReader.events(
                    corner.endpoints(),
                    corner.topic("trips"),
                    TripEvent.class,
                    e -> e.getAggregateId().equals(trip));
            assertThat(events)
                    .extracting(e -> e.getEventType())
                    .containsExactly(
                            TripEventType.TripCreated,
                            TripEventType.ItineraryItemAdded,
                            TripEventType.CollaboratorInvited,
                            TripEventType.CollaboratorAccepted,
                            TripEventType.TripDeleted);
            assertThat(events).extracting(TripEvent::getAggregateVersion).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(events.get(4).getCollaborators()).hasSize(1);
        });
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(api.get("/api/v1/trips/stats", owner.token())
                                .json()
                                .get("total_trips")
                                .asLong())
                        .isZero());
    }

    @Test
    void onlyTheOwnerDeletesATrip() {
        Account owner = fixtures.user();
        Account editor = fixtures.user();
        UUID trip = fixtures.trip(owner);
        fixtures.share(owner, trip, editor, "editor");

        assertThat(api.delete("/api/v1/trips/" + trip, editor.token()).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/trips/" + trip, owner.token()).status()).isEqualTo(200);
    }

    @Test
    void everyChangeIsPublishedWithTheFullStateAfterIt() {
        Account owner = fixtures.user();
        UUID trip = fixtures.trip(owner);
        api.patch(
                "/api/v1/trips/" + trip,
                Map.of("destination", "Porto, Portugal", "status", "in_progress"),
                owner.token());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<TripEvent> events = TopicReader.events(
                    corner.endpoints(),
                    corner.topic("trips"),
                    TripEvent.class,
                    e -> e.getAggregateId().equals(trip));
            assertThat(events).hasSize(2);
            TripEvent last = events.get(1);
            assertThat(last.getEventType()).isEqualTo(TripEventType.TripStatusChanged);
            assertThat(last.getTrip().getDestination()).isEqualTo("Porto, Portugal");
            assertThat(last.getTrip().getStatus()).isEqualTo("in_progress");
            assertThat(last.getTrip().getTitle()).isEqualTo("Trip to Lisbon, Portugal");
            assertThat(last.getActorId()).isEqualTo(owner.id());
        });
    }

    private int status(Account owner, UUID trip, String status) {
        return api.patch("/api/v1/trips/" + trip, Map.of("status", status), owner.token())
                .status();
    }

    private long count(String table, UUID trip) {
        return jdbc.sql("SELECT count(*) FROM " + table + " WHERE trip_id = ?")
                .param(trip)
                .query(Long.class)
                .single();
    }
}
