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
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@TravyaIntegrationTest
class ItineraryTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    HttpApi api;
    Fixtures fixtures;

    @BeforeEach
    void setUp() {
        api = new HttpApi(port);
        fixtures = new Fixtures(api);
    }

    @Test
    void listsTheItineraryByDayThenStartTime() {
        Account owner = fixtures.user();
        UUID trip = fixtures.trip(owner);
        add(owner, trip, 2, "Sintra", "09:00", "17:00");
        add(owner, trip, 1, "Dinner", "20:00", "22:00");
        add(owner, trip, 1, "Belém", "10:00", "12:30");

        JsonNode list =
                api.get("/api/v1/trips/" + trip + "/itineraries", owner.token()).json();

        List<String> titles = new ArrayList<>();
        list.get("data").forEach(item -> titles.add(item.get("title").asString()));
        assertThat(titles).containsExactly("Belém", "Dinner", "Sintra");
        assertThat(list.get("count").asLong()).isEqualTo(3);
    }

    @Test
    void keepsEveryFieldOfTheSeed() {
        Account owner = fixtures.user();
        UUID trip = fixtures.trip(owner);
        Map<String, Object> body = new HashMap<>();
        body.put("day", 3);
        body.put("title", "Alfama walk");
        body.put("description", "Old town, on foot");
        body.put("activities", List.of("Tram 28", "Castelo de São Jorge"));
        body.put("start_time", "09:30");
        body.put("end_time", "13:00:15");
        body.put("location", "Alfama");

        HttpApi.Response created = api.post("/api/v1/trips/" + trip + "/itineraries", body, owner.token());
        JsonNode item = api.get(created.header("Location"), owner.token()).json();

        assertThat(created.status()).isEqualTo(201);
        assertThat(item.get("day").asInt()).isEqualTo(3);
        assertThat(item.get("activities").get(1).asString()).isEqualTo("Castelo de São Jorge");
        assertThat(LocalTime.parse(item.get("start_time").asString())).isEqualTo(LocalTime.of(9, 30));
        assertThat(LocalTime.parse(item.get("end_time").asString())).isEqualTo(LocalTime.of(13, 0, 15));
        assertThat(item.get("location").asString()).isEqualTo("Alfama");
    }

    @Test
    void aDayOutsideTheTripOrAnEndBeforeTheStartIsRefused() {
        Account owner = fixtures.user();
        UUID trip = fixtures.trip(owner); // 2027-05-01 .. 2027-05-08: 8 days

        HttpApi.Response dayNine = api.post(
                "/api/v1/trips/" + trip + "/itineraries", Map.of("day", 9, "title", "Too late"), owner.token());
        HttpApi.Response dayZero = api.post(
                "/api/v1/trips/" + trip + "/itineraries", Map.of("day", 0, "title", "Too early"), owner.token());
        HttpApi.Response backwards = api.post(
                "/api/v1/trips/" + trip + "/itineraries",
                Map.of("day", 1, "title", "Backwards", "start_time", "12:00", "end_time", "11:00"),
                owner.token());

        assertThat(dayNine.status()).isEqualTo(422);
        assertThat(dayNine.json().get("errors").get(0).get("reason").asString()).contains("between 1 and 8");
        assertThat(dayZero.status()).isEqualTo(422);
        assertThat(backwards.status()).isEqualTo(422);
        assertThat(backwards.json().get("errors").get(0).get("field").asString())
                .isEqualTo("end_time");
        assertThat(api.get("/api/v1/trips/" + trip + "/itineraries", owner.token())
                        .json()
                        .get("count")
                        .asLong())
                .isZero();
    }

    @Test
    void anItemIsChangedFieldByFieldAndRemoved() {
        Account owner = fixtures.user();
        UUID trip = fixtures.trip(owner);
        UUID item = fixtures.itineraryItem(owner, trip, 1, "Arrival");
        Map<String, Object> clear = new HashMap<>();
        clear.put("location", null);
        clear.put("day", 2);

        HttpApi.Response changed = api.patch(
                "/api/v1/trips/" + trip + "/itineraries/" + item, Map.of("location", "Airport"), owner.token());
        HttpApi.Response cleared = api.patch("/api/v1/trips/" + trip + "/itineraries/" + item, clear, owner.token());
        HttpApi.Response removed = api.delete("/api/v1/trips/" + trip + "/itineraries/" + item, owner.token());

        assertThat(changed.json().get("location").asString()).isEqualTo("Airport");
        assertThat(cleared.json().get("location").isNull()).isTrue();
        assertThat(cleared.json().get("day").asInt()).isEqualTo(2);
        assertThat(cleared.json().get("title").asString()).isEqualTo("Arrival");
        assertThat(removed.status()).isEqualTo(204);
        assertThat(api.get("/api/v1/trips/" + trip + "/itineraries/" + item, owner.token())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void everyChangeIsANewVersionOfTheTripPublishedWithTheItem() {
        Account owner = fixtures.user();
        UUID trip = fixtures.trip(owner);
        UUID item = fixtures.itineraryItem(owner, trip, 1, "Arrival");
        api.patch(
                "/api/v1/trips/" + trip + "/itineraries/" + item,
                Map.of("title", "Arrival and check-in"),
                owner.token());
        api.delete("/api/v1/trips/" + trip + "/itineraries/" + item, owner.token());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<TripEvent> events = TopicReader.events(
                    corner.endpoints(),
                    corner.topic("trips"),
                    TripEvent.class,
                    e -> e.getAggregateId().equals(trip));
            assertThat(events)
                    .extracting(TripEvent::getEventType)
                    .containsExactly(
                            TripEventType.TripCreated,
                            TripEventType.ItineraryItemAdded,
                            TripEventType.ItineraryItemUpdated,
                            TripEventType.ItineraryItemRemoved);
            assertThat(events).extracting(TripEvent::getAggregateVersion).containsExactly(0L, 1L, 2L, 3L);
            assertThat(events.get(2).getItineraryItem().getTitle()).isEqualTo("Arrival and check-in");
            assertThat(events.get(3).getItineraryItem().getId()).isEqualTo(item);
        });
        assertThat(api.get("/api/v1/trips/" + trip, owner.token())
                        .json()
                        .get("version")
                        .asLong())
                .isEqualTo(3);
    }

    private void add(Account owner, UUID trip, int day, String title, String start, String end) {
        HttpApi.Response added = api.post(
                "/api/v1/trips/" + trip + "/itineraries",
                Map.of("day", day, "title", title, "start_time", start, "end_time", end),
                owner.token());
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
    }
}
