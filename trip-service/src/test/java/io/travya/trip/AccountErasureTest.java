package io.travya.trip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.events.TripEvent;
import io.travya.events.TripEventType;
import io.travya.events.UserEvent;
import io.travya.events.UserEventType;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.PersonalDataSearch;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestEvents;
import io.travya.platform.test.TestEvents.BookingHistory;
import io.travya.platform.test.TopicReader;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.trip.Accounts.Account;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Erasing an account: DELETE /api/v1/users/me (with the password) and DELETE /api/v1/users/{id} (an
 * administrator). What the user owned goes as its owner would delete it, they leave every trip they
 * were invited to, and nothing personal of theirs stays in the database, Redis or any topic.
 */
@TravyaIntegrationTest
class AccountErasureTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JdbcClient jdbc;

    HttpApi api;
    Accounts accounts;
    Fixtures fixtures;
    TestEvents events;

    @BeforeEach
    void setUp() {
        api = new HttpApi(port);
        accounts = new Accounts(api);
        fixtures = new Fixtures(api);
        events = new TestEvents(corner);
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    @Test
    void aUserErasesTheirAccountAndNothingPersonalOfTheirsRemainsAnywhere() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Account leaver = accounts.register(
                "erin" + suffix,
                "erin.quist." + suffix + "@example.com",
                "correct horse battery",
                "Erin Quist " + suffix);
        List<String> personal = List.of(leaver.email(), leaver.username(), "Erin Quist " + suffix);
        Account friend = fixtures.user();
        Account invitee = fixtures.user();
        Account host = fixtures.user();
        Account pendingHost = fixtures.user();
        Account declinedHost = fixtures.user();
        // the leaver's own trips: an itinerary, a collaborator, an invitation they sent, a booking
        String ownTitle = "Retreat " + suffix;
        Map<String, Object> retreat = Fixtures.trip("Lisbon", nextYear(5, 1), nextYear(5, 8), 900);
        retreat.put("title", ownTitle);
        UUID own = fixtures.trip(leaver, retreat);
        UUID second = fixtures.trip(leaver);
        fixtures.itineraryItem(leaver, own, 1, "Alfama");
        fixtures.share(leaver, own, friend, "editor");
        fixtures.invite(leaver, own, invitee, "viewer");
        BookingHistory booking = new BookingHistory(own, "hotel", "Casa", "640.00", "EUR", LocalDate.now());
        events.publish(own, booking.created());
        // other people's trips: a membership, a pending invitation and a declined one
        UUID hosted = fixtures.trip(host);
        fixtures.share(host, hosted, leaver, "viewer");
        UUID pending = fixtures.trip(pendingHost);
        fixtures.invite(pendingHost, pending, leaver, "editor");
        UUID declined = fixtures.trip(declinedHost);
        UUID declinedInvitation = fixtures.invite(declinedHost, declined, leaver, "viewer");
        api.post(
                "/api/v1/trips/" + declined + "/collaborators/" + declinedInvitation + "/decline",
                null,
                leaver.token());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode stats = api.get("/api/v1/trips/stats", leaver.token()).json();
            assertThat(stats.get("total_trips").asLong()).isEqualTo(2);
            assertThat(stats.get("shared_with_me").asLong()).isEqualTo(1);
            assertThat(stats.get("bookings_count").asLong()).isEqualTo(1);
            assertThat(PersonalDataSearch.inRedis(corner.endpoints(), corner.name(), List.of(ownTitle)))
                    .isNotEmpty();
        });
        assertThat(PersonalDataSearch.inDatabase(corner.endpoints(), corner.name(), personal))
                .as("the search finds what is there: the account's row")
                .hasSize(3)
                .allMatch(found -> found.contains("table trips.users"));
        long versionBefore = jdbc.sql("SELECT version FROM users WHERE id = ?")
                .param(leaver.id())
                .query(Long.class)
                .single();

        HttpApi.Response erased = api.send(
                "DELETE", "/api/v1/users/me", Map.of("current_password", leaver.password()), leaver.token(), Map.of());

        assertThat(erased.status()).as(erased.toString()).isEqualTo(204);
        // they are gone: no token, no login, no session
        assertThat(api.get("/api/v1/users/me", leaver.token()).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/trips", leaver.token()).status()).isEqualTo(401);
        assertThat(login(leaver.username(), leaver.password()).status()).isEqualTo(401);
        assertThat(login(leaver.email(), leaver.password()).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/refresh", Map.of("refresh_token", leaver.refreshToken()), null)
                        .status())
                .isEqualTo(401);
        // their trips, with everything hanging off them, as the owner would have deleted them
        assertThat(api.get("/api/v1/trips/" + own, friend.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/users/me/invitations", invitee.token())
                        .json()
                        .get("count")
                        .asLong())
                .isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM trips WHERE user_id = ?")
                        .param(leaver.id())
                        .query(Long.class)
                        .single())
                .isZero();
        // and they are off everyone else's trips
        for (var trip : Map.of(hosted, host, pending, pendingHost, declined, declinedHost)
                .entrySet()) {
            assertThat(api.get(
                                    "/api/v1/trips/" + trip.getKey() + "/collaborators",
                                    trip.getValue().token())
                            .json()
                            .get("count")
                            .asLong())
                    .as("collaborators of " + trip.getKey())
                    .isZero();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM trip_collaborators WHERE user_id = :u OR inviter_id = :u")
                        .param("u", leaver.id())
                        .query(Long.class)
                        .single())
                .isZero();

        // the events that make the other services and the read models follow
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<UserEvent> userEvents = TopicReader.events(
                    corner.endpoints(),
                    corner.topic("users"),
                    UserEvent.class,
                    e -> e.getAggregateId().equals(leaver.id()));
            UserEvent last = userEvents.get(userEvents.size() - 1);
            assertThat(last.getEventType()).isEqualTo(UserEventType.UserErased);
            assertThat(last.getAggregateVersion()).isEqualTo(versionBefore + 1);
            assertThat(last.getActorId()).isEqualTo(leaver.id());
            assertThat(last.getUser().getIsActive()).isFalse();
        });
        List<TripEvent> tripEvents = TopicReader.events(
                corner.endpoints(),
                corner.topic("trips"),
                TripEvent.class,
                e -> List.of(own, second, hosted, pending, declined).contains(e.getAggregateId()));
        for (UUID trip : List.of(own, second)) {
            assertThat(last(tripEvents, trip).getEventType()).isEqualTo(TripEventType.TripDeleted);
            assertThat(last(tripEvents, trip).getActorId()).isEqualTo(leaver.id());
        }
        for (UUID trip : List.of(hosted, pending, declined)) {
            TripEvent removed = last(tripEvents, trip);
            assertThat(removed.getEventType()).isEqualTo(TripEventType.CollaboratorRemoved);
            assertThat(removed.getCollaborator().getUserId()).isEqualTo(leaver.id());
            assertThat(removed.getCollaborators()).isEmpty();
        }

        // the read models: no statistics of theirs, their trips' content gone, the friend's share gone
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(redis.hasKey(readModelKey("stats", "u", leaver.id()))).isFalse();
            assertThat(redis.hasKey(readModelKey("upcoming", "u", leaver.id()))).isFalse();
            assertThat(redis.<String, String>opsForHash().entries(readModelKey("trip", "t", own)))
                    .containsOnlyKeys("version", "live")
                    .containsEntry("live", "0");
            assertThat(api.get("/api/v1/trips/stats", friend.token())
                            .json()
                            .get("shared_with_me")
                            .asLong())
                    .isZero();
            assertThat(PersonalDataSearch.inRedis(corner.endpoints(), corner.name(), List.of(ownTitle)))
                    .isEmpty();
        });
        assertThat(PersonalDataSearch.inDatabase(corner.endpoints(), corner.name(), List.of(ownTitle)))
                .isEmpty();
        // the trips' history stays on travya.trips (retention -1): it names their id, never who they were;
        // and it shows that the search of the topics finds what is there
        assertThat(PersonalDataSearch.inTopics(corner.endpoints(), corner.name(), List.of(ownTitle)))
                .isNotEmpty();
        // nowhere: database, Redis, topics (read raw from the beginning)
        assertThat(PersonalDataSearch.find(corner.endpoints(), corner.name(), personal))
                .isEmpty();
    }

    @Test
    void erasingOnesOwnAccountTakesItsPasswordAndWithoutTheRightOneNothingChanges() {
        Account user = fixtures.user();
        UUID trip = fixtures.trip(user);

        HttpApi.Response withoutBody = api.delete("/api/v1/users/me", user.token());
        HttpApi.Response wrong = api.send(
                "DELETE", "/api/v1/users/me", Map.of("current_password", "not my password"), user.token(), Map.of());
        HttpApi.Response empty = api.send("DELETE", "/api/v1/users/me", Map.of(), user.token(), Map.of());
        HttpApi.Response anonymous =
                api.send("DELETE", "/api/v1/users/me", Map.of("current_password", user.password()), null, Map.of());

        for (HttpApi.Response refused : List.of(withoutBody, wrong, empty)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(refused.header("Content-Type")).contains("application/problem+json");
            assertThat(refused.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("current_password");
        }
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("Content-Type")).contains("application/problem+json");
        assertThat(api.get("/api/v1/users/me", user.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/trips/" + trip, user.token()).status()).isEqualTo(200);
        assertThat(login(user.username(), user.password()).status()).isEqualTo(200);
    }

    @Test
    void anAdministratorErasesAnyonesAccountAndNobodyElseMay() {
        Account admin = accounts.administrator();
        Account user = fixtures.user();
        Account stranger = fixtures.user();
        UUID trip = fixtures.trip(user);

        HttpApi.Response byStranger = api.delete("/api/v1/users/" + user.id(), stranger.token());
        assertThat(byStranger.status()).isEqualTo(403);
        assertThat(byStranger.header("Content-Type")).contains("application/problem+json");
        assertThat(api.get("/api/v1/users/me", user.token()).status()).isEqualTo(200);

        assertThat(api.delete("/api/v1/users/" + user.id(), admin.token()).status())
                .isEqualTo(204);

        assertThat(api.get("/api/v1/users/me", user.token()).status()).isEqualTo(401);
        assertThat(login(user.username(), user.password()).status()).isEqualTo(401);
        assertThat(jdbc.sql("SELECT count(*) FROM trips WHERE id = ?")
                        .param(trip)
                        .query(Long.class)
                        .single())
                .isZero();
        HttpApi.Response again = api.delete("/api/v1/users/" + user.id(), admin.token());
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.header("Content-Type")).contains("application/problem+json");
        assertThat(api.delete("/api/v1/users/" + UUID.randomUUID(), admin.token())
                        .status())
                .isEqualTo(404);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<UserEvent> userEvents = TopicReader.events(
                    corner.endpoints(),
                    corner.topic("users"),
                    UserEvent.class,
                    e -> e.getAggregateId().equals(user.id()));
            assertThat(userEvents.get(userEvents.size() - 1).getEventType()).isEqualTo(UserEventType.UserErased);
            assertThat(userEvents.get(userEvents.size() - 1).getActorId()).isEqualTo(admin.id());
        });
        assertThat(api.get("/api/v1/users/me", stranger.token()).status()).isEqualTo(200);
    }

    @Test
    void theEmailAndUsernameOfAnErasedAccountAreFreeForANewAccountWhichIsSomeoneNew() {
        Account user = fixtures.user();
        assertThat(api.send(
                                "DELETE",
                                "/api/v1/users/me",
                                Map.of("current_password", user.password()),
                                user.token(),
                                Map.of())
                        .status())
                .isEqualTo(204);

        Account again = accounts.register(user.username(), user.email(), "another long secret");

        assertThat(again.id()).isNotEqualTo(user.id());
        assertThat(api.get("/api/v1/users/me", user.token()).status())
                .as("the old account's token names the old id")
                .isEqualTo(401);
        assertThat(api.get("/api/v1/users/me", again.token()).status()).isEqualTo(200);
    }

    private HttpApi.Response login(String username, String password) {
        return api.post("/api/v1/auth/login", Map.of("username", username, "password", password), null);
    }

    private static TripEvent last(List<TripEvent> events, UUID trip) {
        return events.stream()
                .filter(e -> e.getAggregateId().equals(trip))
                .reduce((first, second) -> second)
                .orElseThrow();
    }

    /** A read model's key in the generation served: in the hash slot of a user (u) or a trip (t). */
    private String readModelKey(String kind, String slot, Object id) {
        String generation = redis.opsForValue().get(corner.name() + ":rm:current");
        return corner.name() + ":rm:" + generation + ":" + kind + ":{" + slot + ":" + id + "}";
    }

    private static String nextYear(int month, int day) {
        return LocalDate.now().plusYears(1).withMonth(month).withDayOfMonth(day).toString();
    }
}
