package io.travya.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.platform.test.HttpApi;
import io.travya.platform.test.PersonalDataSearch;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * A user with trips, bookings and conversations, a place on someone else's trip and an invitation to a
 * third erases their account, with the three packaged services running. Afterwards no table of the
 * three databases, no Redis key and no record of any topic holds their email, username or name; what
 * they owned is gone from every service and from the read models; the other trip no longer lets them
 * in; and every service refuses their token.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@ExtendWith(SharedStack.class)
class AccountErasureSystemIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    record Person(UUID id, String username, String email, String password, String token, String refreshToken) {}

    @Test
    void anErasedAccountLeavesNothingPersonalInAnyServiceAndItsTokenIsRefusedEverywhere(ServiceStack stack)
            throws Exception {
        HttpApi trips = stack.api("trip-service");
        HttpApi bookings = stack.api("booking-service");
        HttpApi conversations = stack.api("conversation-service");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String fullName = "Erin Quist " + suffix;
        Person leaver = register(trips, "erin" + suffix, "erin.quist." + suffix + "@example.com", fullName);
        Person host = register(trips, "host" + suffix, "host." + suffix + "@example.com", "Host " + suffix);
        Person inviter = register(trips, "inv" + suffix, "inv." + suffix + "@example.com", "Inviter " + suffix);
        List<String> personal = List.of(leaver.email(), leaver.username(), fullName);

        // what the leaver owns: a trip with a booking (made with an Idempotency-Key) and a conversation
        List<String> ownContent =
                List.of("Retreat " + suffix, "Casa " + suffix, "CN" + suffix, "Planning " + suffix, "Tapas " + suffix);
        UUID own = trip(trips, leaver, ownContent.get(0));
        awaitAccess(bookings, "/api/v1/bookings", leaver, own);
        book(bookings, leaver, own, ownContent.get(1), ownContent.get(2));
        awaitAccess(conversations, "/api/v1/conversations", leaver, own);
        UUID ownConversation = converse(conversations, leaver, own, ownContent.get(3), ownContent.get(4));
        // someone else's trip, where the leaver is an editor who booked and wrote
        UUID hosted = trip(trips, host, "Hosted " + suffix);
        share(trips, host, hosted, leaver);
        awaitAccess(bookings, "/api/v1/bookings", leaver, hosted);
        UUID hostedBooking = book(bookings, leaver, hosted, "Hotel " + suffix, "HB" + suffix);
        awaitAccess(conversations, "/api/v1/conversations", leaver, hosted);
        UUID hostedConversation = converse(conversations, leaver, hosted, "Shared " + suffix, "See you there");
        // and an invitation still waiting for an answer
        UUID pending = trip(trips, inviter, "Pending " + suffix);
        ok(trips.post(
                "/api/v1/trips/" + pending + "/collaborators",
                Map.of("username", leaver.username(), "role", "viewer"),
                inviter.token()));
        assertThat(PersonalDataSearch.inDatabase(stack.at, stack.corner, personal))
                .as("the search finds what is there")
                .isNotEmpty();

        HttpApi.Response erased = trips.send(
                "DELETE", "/api/v1/users/me", Map.of("current_password", leaver.password()), leaver.token(), Map.of());

        assertThat(erased.status()).as(erased.toString()).isEqualTo(204);
        // every service refuses their token: trip-service at once, the others once UserErased arrives
        assertThat(trips.get("/api/v1/users/me", leaver.token()).status()).isEqualTo(401);
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(bookings.get("/api/v1/bookings?trip_id=" + hosted, leaver.token())
                            .status())
                    .isEqualTo(401);
            assertThat(conversations
                            .get("/api/v1/conversations?trip_id=" + hosted, leaver.token())
                            .status())
                    .isEqualTo(401);
        });
        assertThat(trips.post(
                                "/api/v1/auth/login",
                                Map.of("username", leaver.username(), "password", leaver.password()),
                                null)
                        .status())
                .isEqualTo(401);
        assertThat(trips.post("/api/v1/auth/refresh", Map.of("refresh_token", leaver.refreshToken()), null)
                        .status())
                .isEqualTo(401);
        // what they owned is gone from every service; the replicas no longer let them in anywhere
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(count(stack, "SELECT count(*) FROM bookings.bookings WHERE trip_id = ?", own))
                    .isZero();
            assertThat(count(stack, "SELECT count(*) FROM conversations.conversations WHERE trip_id = ?", own))
                    .isZero();
            assertThat(count(
                            stack,
                            "SELECT count(*) FROM conversations.conversation_messages WHERE conversation_id = ?",
                            ownConversation))
                    .isZero();
            assertThat(count(stack, "SELECT count(*) FROM bookings.trip_access_member WHERE user_id = ?", leaver.id()))
                    .isZero();
            assertThat(count(
                            stack,
                            "SELECT count(*) FROM conversations.trip_access_member WHERE user_id = ?",
                            leaver.id()))
                    .isZero();
        });
        assertThat(trips.get("/api/v1/trips/" + hosted + "/collaborators", host.token())
                        .json()
                        .get("count")
                        .asLong())
                .isZero();
        // what they wrote on someone else's trip belongs to that trip, under an id that names nobody now
        assertThat(ok(bookings.get("/api/v1/bookings/" + hostedBooking, host.token()))
                        .json()
                        .get("trip_id")
                        .asString())
                .isEqualTo(hosted.toString());
        JsonNode messages = ok(conversations.get(
                        "/api/v1/conversations/" + hostedConversation + "/messages", host.token()))
                .json()
                .get("data");
        assertThat(messages.get(0).get("sender_id").asString())
                .isEqualTo(leaver.id().toString());
        // the read models agree with the databases again, without the leaver
        ReadModelVerifier verifier = new ReadModelVerifier(stack.settings());
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(verifier.verify().differences()).isEmpty());
        assertThat(PersonalDataSearch.inDatabase(stack.at, stack.corner, ownContent))
                .isEmpty();
        assertThat(PersonalDataSearch.inRedis(stack.at, stack.corner, ownContent))
                .isEmpty();
        // nowhere: the three schemas, Redis, every topic from the beginning
        assertThat(PersonalDataSearch.find(stack.at, stack.corner, personal)).isEmpty();
    }

    private static Person register(HttpApi trips, String username, String email, String fullName) {
        String password = "correct horse battery";
        ok(trips.post(
                "/api/v1/auth/register",
                Map.of("email", email, "username", username, "password", password, "full_name", fullName),
                null));
        JsonNode tokens = ok(trips.post("/api/v1/auth/login", Map.of("username", username, "password", password), null))
                .json();
        String token = tokens.get("access_token").asString();
        return new Person(
                UUID.fromString(ok(trips.get("/api/v1/users/me", token))
                        .json()
                        .get("id")
                        .asString()),
                username,
                email,
                password,
                token,
                tokens.get("refresh_token").asString());
    }

    private static UUID trip(HttpApi trips, Person owner, String title) {
        LocalDate start = LocalDate.now().plusMonths(2);
        Map<String, Object> body = new HashMap<>();
        body.put("title", title);
        body.put("destination", "Lisbon");
        body.put("start_date", start.toString());
        body.put("end_date", start.plusDays(5).toString());
        body.put("budget", 1500);
        return UUID.fromString(ok(trips.post("/api/v1/trips", body, owner.token()))
                .json()
                .get("id")
                .asString());
    }

    private static void share(HttpApi trips, Person owner, UUID trip, Person with) {
        JsonNode invited = ok(trips.post(
                        "/api/v1/trips/" + trip + "/collaborators",
                        Map.of("username", with.username(), "role", "editor"),
                        owner.token()))
                .json();
        ok(trips.post(
                "/api/v1/trips/" + trip + "/collaborators/" + invited.get("id").asString() + "/accept",
                null,
                with.token()));
    }

    /** The service's replica of trip access has caught up: the person may list what the trip holds there. */
    private static void awaitAccess(HttpApi service, String list, Person person, UUID trip) {
        await().atMost(PATIENCE)
                .until(() ->
                        service.get(list + "?trip_id=" + trip, person.token()).status() == 200);
    }

    private static UUID book(HttpApi bookings, Person by, UUID trip, String provider, String confirmation) {
        Map<String, Object> body = new HashMap<>();
        body.put("trip_id", trip.toString());
        body.put("booking_type", "hotel");
        body.put("provider", provider);
        body.put("confirmation_number", confirmation);
        body.put("amount", 640.00);
        body.put("currency", "EUR");
        body.put("booking_date", LocalDate.now().toString());
        body.put("travel_date", LocalDate.now().plusMonths(2).toString());
        HttpApi.Response created = bookings.send(
                "POST", "/api/v1/bookings", body, by.token(), Map.of("Idempotency-Key", "key-" + confirmation));
        return UUID.fromString(ok(created).json().get("id").asString());
    }

    private static UUID converse(HttpApi conversations, Person by, UUID trip, String title, String message) {
        UUID conversation = UUID.fromString(ok(conversations.post(
                        "/api/v1/conversations", Map.of("trip_id", trip.toString(), "title", title), by.token()))
                .json()
                .get("id")
                .asString());
        ok(conversations.post(
                "/api/v1/conversations/" + conversation + "/messages", Map.of("content", message), by.token()));
        return conversation;
    }

    private static long count(ServiceStack stack, String sql, UUID parameter) throws SQLException {
        try (Connection db = DriverManager.getConnection(
                        stack.at.jdbcUrl(stack.corner), stack.at.pgAdminUser(), stack.at.pgAdminPassword());
                PreparedStatement query = db.prepareStatement(sql)) {
            query.setObject(1, parameter);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static HttpApi.Response ok(HttpApi.Response response) {
        assertThat(response.status()).as(response.toString()).isBetween(200, 299);
        return response;
    }
}
