package io.travya.booking.booking;

import static io.travya.booking.BookingRequests.booking;
import static io.travya.booking.BookingRequests.with;
import static io.travya.booking.BookingRequests.without;
import static org.assertj.core.api.Assertions.assertThat;

import io.travya.booking.BookingRequests;
import io.travya.booking.TripFixture;
import io.travya.booking.TripFixture.SharedTrip;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.RawHttp;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.tripaccess.TripAccess;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** POST /api/v1/bookings with an Idempotency-Key: a retry never books twice. */
@TravyaIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotentCreationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Autowired
    TripAccess access;

    @Autowired
    JdbcClient jdbc;

    TripFixture trips;
    BookingRequests api;
    SharedTrip trip;

    @BeforeAll
    void setUp() {
        trips = new TripFixture(corner, access);
        api = new BookingRequests(new HttpApi(port));
        trip = trips.sharedTrip();
    }

    @AfterAll
    void tearDown() {
        trips.close();
    }

    @Test
    void theSameKeyAndRequestAgainCreateOneBookingAndGetTheFirstAnswerAgain() {
        Map<String, Object> body = booking(trip.id());
        String key = newKey();

        HttpApi.Response first = api.post(body, trip.owner().token(), key);
        HttpApi.Response retry = api.post(body, trip.owner().token(), key);

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.text()).isEqualTo(first.text());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(bookingsWith(body)).isEqualTo(1);
    }

    @Test
    void theFirstAnswerIsReplayedEvenAfterTheBookingHasChanged() {
        Map<String, Object> body = with(booking(trip.id()), "status", "pending");
        String key = newKey();
        HttpApi.Response first = api.post(body, trip.owner().token(), key);
        api.action(BookingRequests.id(first.json()), "confirm", trip.owner().token());

        HttpApi.Response retry = api.post(body, trip.owner().token(), key);

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.text()).isEqualTo(first.text());
        assertThat(bookingsWith(body)).isEqualTo(1);
    }

    @Test
    void aRequestThatMeansTheSameBookingIsRecognisedHoweverItsJsonIsWritten() {
        Map<String, Object> body = with(booking(trip.id()), "amount", new BigDecimal("120.5"));
        String key = newKey();
        HttpApi.Response first = api.post(body, trip.owner().token(), key);
        String respelled = "{\"currency\":\"EUR\",\"amount\":120.50,\"booking_type\":\"hotel\","
                + "\"provider\":\"Hotel Avenida Palace\",\"confirmation_number\":\"" + body.get("confirmation_number")
                + "\",\"booking_date\":\"2027-03-01\",\"travel_date\":\"2027-05-01\",\"status\":\"confirmed\","
                + "\"trip_id\":\"" + trip.id() + "\"}";

        HttpApi.Response retry = api.post(respelled, trip.owner().token(), key);

        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(retry.text()).isEqualTo(first.text());
        assertThat(bookingsWith(body)).isEqualTo(1);
    }

    @Test
    void theSameKeyWithADifferentRequestIsRefusedAndBooksNothing() {
        Map<String, Object> body = booking(trip.id());
        String key = newKey();
        api.post(body, trip.owner().token(), key);
        Map<String, Object> other = with(body, "amount", 99);

        HttpApi.Response refused = api.post(other, trip.owner().token(), key);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
        assertThat(bookingsWith(body)).isEqualTo(1);
    }

    @Test
    void keysBelongToWhoeverSentThemSoTwoPeopleMayUseTheSameOne() {
        Map<String, Object> body = booking(trip.id());
        String key = newKey();

        HttpApi.Response owners = api.post(body, trip.owner().token(), key);
        HttpApi.Response editors = api.post(body, trip.editor().token(), key);

        assertThat(owners.status()).isEqualTo(201);
        assertThat(editors.status()).isEqualTo(201);
        assertThat(editors.json().get("id")).isNotEqualTo(owners.json().get("id"));
        assertThat(bookingsWith(body)).isEqualTo(2);
    }

    @Test
    void concurrentRequestsWithTheSameKeyCreateOneBookingAndAllGetItsAnswer() throws Exception {
        Map<String, Object> body = booking(trip.id());
        String key = newKey();
        int clients = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<HttpApi.Response>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return api.post(body, trip.owner().token(), key);
                }));
            }
            start.countDown();

            List<HttpApi.Response> responses = new ArrayList<>();
            for (Future<HttpApi.Response> answer : answers) {
                responses.add(answer.get(60, TimeUnit.SECONDS));
            }

            assertThat(responses).extracting(HttpApi.Response::status).containsOnly(201);
            assertThat(responses)
                    .extracting(HttpApi.Response::text)
                    .containsOnly(responses.get(0).text());
            assertThat(bookingsWith(body)).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRefusedRequestDoesNotUseUpItsKey() {
        Map<String, Object> body = booking(trip.id());
        String key = newKey();

        HttpApi.Response invalid =
                api.post(without(body, "amount"), trip.owner().token(), key);
        HttpApi.Response viewersTry = api.post(body, trip.viewer().token(), key);
        HttpApi.Response valid = api.post(body, trip.owner().token(), key);

        assertThat(invalid.status()).isEqualTo(422);
        assertThat(viewersTry.status()).isEqualTo(403);
        assertThat(valid.status()).isEqualTo(201);
        assertThat(valid.header("Idempotent-Replayed")).isNull();
        assertThat(bookingsWith(body)).isEqualTo(1);
    }

    @Test
    void withoutAKeyEveryRequestIsANewBooking() {
        Map<String, Object> body = booking(trip.id());

        api.create(body, trip.owner().token());
        api.create(body, trip.owner().token());

        assertThat(bookingsWith(body)).isEqualTo(2);
    }

    @Test
    void aKeyThatIsBlankOrLongerThan255CharactersIsRefused() {
        Map<String, Object> body = booking(trip.id());

        HttpApi.Response blank = api.post(body, trip.owner().token(), " ");
        HttpApi.Response tooLong = api.post(body, trip.owner().token(), "k".repeat(256));
        HttpApi.Response longest = api.post(body, trip.owner().token(), "k".repeat(255));

        assertThat(blank.status()).isEqualTo(400);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
        assertThat(longest.status()).as(longest.toString()).isEqualTo(201);
        assertThat(bookingsWith(body)).isEqualTo(1);
    }

    @Test
    void aKeyWithCharactersBeyondAsciiIsRefusedAndNothingIsWritten() {
        Map<String, Object> body = booking(trip.id());
        byte[] json = JSON.writeValueAsBytes(body);

        for (String key : List.of("clé-1", "€-2", "key\u00a03", "\uD83D\uDE00")) {
            HttpApi.Response refused = RawHttp.send(
                    port,
                    "POST",
                    BookingRequests.BOOKINGS,
                    trip.owner().token(),
                    Map.of(BookingController.IDEMPOTENCY_KEY, RawHttp.utf8(key)),
                    json);

            assertThat(refused.status()).as(key + ": " + refused).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(bookingsWith(body)).isZero();
    }

    @Test
    void aKeyIsKeptInPostgresqlWithTheAnswerItGot() {
        Map<String, Object> body = booking(trip.id());
        String key = newKey();

        HttpApi.Response created = api.post(body, trip.owner().token(), key);

        Map<String, Object> row = jdbc.sql("SELECT booking_id, response_status, response_body "
                        + "FROM booking_idempotency_keys WHERE user_id = ? AND idempotency_key = ?")
                .params(trip.owner().id(), key)
                .query()
                .singleRow();
        assertThat(row.get("booking_id").toString())
                .isEqualTo(created.json().get("id").asString());
        assertThat(((Number) row.get("response_status")).intValue()).isEqualTo(201);
        assertThat(row.get("response_body")).isEqualTo(created.text());
    }

    private static String newKey() {
        return "key-" + UUID.randomUUID();
    }

    private long bookingsWith(Map<String, Object> body) {
        return jdbc.sql("SELECT count(*) FROM bookings WHERE confirmation_number = ?")
                .param(body.get("confirmation_number"))
                .query(Long.class)
                .single();
    }
}
