package io.travya.booking.booking;

import static io.travya.booking.BookingRequests.booking;
import static io.travya.booking.BookingRequests.id;
import static io.travya.booking.BookingRequests.with;
import static io.travya.booking.BookingRequests.without;
import static org.assertj.core.api.Assertions.assertThat;

import io.travya.booking.BookingRequests;
import io.travya.booking.TripFixture;
import io.travya.booking.TripFixture.Person;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.tripaccess.TripAccess;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** What booking-service refuses to store, and how it says so: problem+json naming the field, never 500. */
@TravyaIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BookingValidationTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Autowired
    TripAccess access;

    @Autowired
    JdbcClient jdbc;

    TripFixture trips;
    HttpApi http;
    BookingRequests api;
    Person owner;
    UUID tripId;

    @BeforeAll
    void setUp() {
        trips = new TripFixture(corner, access);
        http = new HttpApi(port);
        api = new BookingRequests(http);
        owner = Person.any();
        tripId = trips.ownedBy(owner).tripId();
    }

    @AfterAll
    void tearDown() {
        trips.close();
    }

    Stream<Arguments> badBookings() {
        Map<String, Object> valid = booking(UUID.randomUUID());
        return Stream.of(
                bad("malformed JSON", "{\"trip_id\": ", 400, "body"),
                bad("a JSON array instead of an object", "[]", 422, "body"),
                bad("an unknown field", with(valid, "price", 10), 422, "price"),
                bad("a trip_id that is not a UUID", with(valid, "trip_id", "trip-1"), 422, "trip_id"),
                bad("a trip_id that is a number", with(valid, "trip_id", 42), 422, "trip_id"),
                bad("no trip_id", without(valid, "trip_id"), 422, "trip_id"),
                bad("no booking_type", without(valid, "booking_type"), 422, "booking_type"),
                bad("a blank booking_type", with(valid, "booking_type", "   "), 422, "booking_type"),
                bad(
                        "a booking_type of 51 characters",
                        with(valid, "booking_type", "x".repeat(51)),
                        422,
                        "booking_type"),
                bad(
                        "a booking_type that is an object",
                        with(valid, "booking_type", Map.of("a", 1)),
                        422,
                        "booking_type"),
                bad(
                        "a booking_type with a NUL character",
                        with(valid, "booking_type", "ho\u0000tel"),
                        422,
                        "booking_type"),
                bad("no provider", without(valid, "provider"), 422, "provider"),
                bad("an empty provider", with(valid, "provider", ""), 422, "provider"),
                bad("a provider of 256 characters", with(valid, "provider", "p".repeat(256)), 422, "provider"),
                bad("no confirmation_number", without(valid, "confirmation_number"), 422, "confirmation_number"),
                bad(
                        "a confirmation_number of 101 characters",
                        with(valid, "confirmation_number", "c".repeat(101)),
                        422,
                        "confirmation_number"),
                bad("no amount", without(valid, "amount"), 422, "amount"),
                bad("a null amount", with(valid, "amount", null), 422, "amount"),
                bad("a negative amount", with(valid, "amount", new BigDecimal("-0.01")), 422, "amount"),
                bad(
                        "an amount too large for DECIMAL(10,2)",
                        with(valid, "amount", new BigDecimal("100000000.00")),
                        422,
                        "amount"),
                bad("an amount with three decimals", with(valid, "amount", new BigDecimal("10.005")), 422, "amount"),
                bad("an amount of 1e400", "{\"amount\": 1e400}", 422, "amount"),
                bad("an amount that is text", with(valid, "amount", "twelve"), 422, "amount"),
                bad("an amount that is a number in a string", with(valid, "amount", "12.50"), 422, "amount"),
                bad("an amount that is a boolean", with(valid, "amount", true), 422, "amount"),
                bad("a currency that is no ISO 4217 code", with(valid, "currency", "ABC"), 422, "currency"),
                bad("a currency in lower case", with(valid, "currency", "eur"), 422, "currency"),
                bad("a currency of four letters", with(valid, "currency", "EURO"), 422, "currency"),
                bad("no booking_date", without(valid, "booking_date"), 422, "booking_date"),
                bad(
                        "a booking_date that does not exist",
                        with(valid, "booking_date", "2027-02-30"),
                        422,
                        "booking_date"),
                bad("a booking_date in another format", with(valid, "booking_date", "01/03/2027"), 422, "booking_date"),
                bad("a booking_date that is a number", with(valid, "booking_date", 20270301), 422, "booking_date"),
                bad("a travel_date that is a number", with(valid, "travel_date", 12345), 422, "travel_date"),
                bad(
                        "a travel_date that is an array",
                        with(valid, "travel_date", List.of(2027, 5, 1)),
                        422,
                        "travel_date"),
                bad(
                        "a booking_date with a five-digit year",
                        with(valid, "booking_date", "+10000-01-01"),
                        422,
                        "booking_date"),
                bad("no travel_date", without(valid, "travel_date"), 422, "travel_date"),
                bad(
                        "a travel_date before the booking_date",
                        with(valid, "travel_date", "2027-02-28"),
                        422,
                        "travel_date"),
                bad("an unknown status", with(valid, "status", "booked"), 422, "status"),
                bad("a status in capitals", with(valid, "status", "CONFIRMED"), 422, "status"),
                bad("a status that is a number", with(valid, "status", 1), 422, "status"));
    }

    private static Arguments bad(String what, Object body, int status, String field) {
        return Arguments.of(what, body, status, field);
    }

    @ParameterizedTest(name = "{0} → {2} naming {3}")
    @MethodSource("badBookings")
    void aBookingWithBadInputIsRefusedNamingTheFieldAndNothingIsWritten(
            String what, Object body, int status, String field) {
        Object sent = body instanceof Map<?, ?> map && map.containsKey("trip_id") ? withTrip(map) : body;
        long before = bookingsInTheDatabase();

        HttpApi.Response refused = api.post(sent, owner.token());

        assertThat(refused.status()).as(refused.toString()).isEqualTo(status);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        if (field != null) {
            assertThat(refused.json().get("errors").findValuesAsString("field"))
                    .as(refused.toString())
                    .contains(field);
        }
        assertThat(bookingsInTheDatabase()).isEqualTo(before);
    }

    @Test
    void theBoundariesOfEveryFieldAreAccepted() {
        Map<String, Object> edge = new LinkedHashMap<>(booking(tripId));
        edge.put("booking_type", "t".repeat(50));
        edge.put("provider", "Zürich Höfe ✈ " + "p".repeat(240));
        edge.put("confirmation_number", "c".repeat(100));
        edge.put("amount", new BigDecimal("99999999.99"));
        edge.put("currency", "JPY");
        edge.put("booking_date", "2027-05-01");
        edge.put("travel_date", "2027-05-01");

        JsonNode created = api.create(edge, owner.token());

        assertThat(created.get("amount").decimalValue()).isEqualByComparingTo("99999999.99");
        assertThat(created.get("provider").asString()).startsWith("Zürich Höfe ✈ ");
        assertThat(created.get("status").asString()).isEqualTo("confirmed");
        HttpApi.Response free = api.post(with(booking(tripId), "amount", 0), owner.token());
        assertThat(free.status()).isEqualTo(201);
        assertThat(free.text()).as("DECIMAL(10,2): always two places").contains("\"amount\":0.00,");
    }

    @Test
    void theCurrencyIsUsDollarsWhenTheRequestDoesNotSayAsTheSeedDoes() {
        JsonNode created = api.create(without(booking(tripId), "currency"), owner.token());

        assertThat(created.get("currency").asString()).isEqualTo("USD");
    }

    Stream<Arguments> badChanges() {
        return Stream.of(
                bad("malformed JSON", "{\"provider\": ", 400, "body"),
                bad("an unknown field", Map.of("price", 1), 422, "price"),
                bad("a required field set to null", nullValued("amount"), 422, "amount"),
                bad("the status set to null", nullValued("status"), 422, "status"),
                bad("a blank provider", Map.of("provider", " "), 422, "provider"),
                bad("a booking_type of 51 characters", Map.of("booking_type", "x".repeat(51)), 422, "booking_type"),
                bad("an amount with three decimals", Map.of("amount", new BigDecimal("1.001")), 422, "amount"),
                bad("a negative amount", Map.of("amount", -1), 422, "amount"),
                bad("a currency that is no ISO 4217 code", Map.of("currency", "XYZ"), 422, "currency"),
                bad("a travel_date before the booking_date", Map.of("travel_date", "2027-01-01"), 422, "travel_date"),
                bad("a date that does not exist", Map.of("booking_date", "2027-13-01"), 422, "booking_date"),
                bad("a date that is a number", Map.of("travel_date", 12345), 422, "travel_date"),
                bad("an unknown status", Map.of("status", "lost"), 422, "status"),
                bad("a status that is a number", Map.of("status", 0), 422, "status"));
    }

    private static Map<String, Object> nullValued(String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(field, null);
        return body;
    }

    @ParameterizedTest(name = "{0} → {2} naming {3}")
    @MethodSource("badChanges")
    void aChangeWithBadInputIsRefusedNamingTheFieldAndTheBookingStaysAsItWas(
            String what, Object body, int status, String field) {
        JsonNode existing = api.create(booking(tripId), owner.token());

        HttpApi.Response refused = api.patch(id(existing), body, owner.token());

        assertThat(refused.status()).as(refused.toString()).isEqualTo(status);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("errors").findValuesAsString("field"))
                .as(refused.toString())
                .contains(field);
        assertThat(api.get(id(existing), owner.token()).json()).isEqualTo(existing);
    }

    @Test
    void listingNeedsATripAndSensibleFiltersAndSaysWhichParameterIsWrong() {
        String trip = "trip_id=" + tripId;
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("", 422);
        expected.put("trip_id=not-a-uuid", 400);
        expected.put(trip + "&status=lost", 400);
        expected.put(trip + "&travel_date_from=2027-02-30", 400);
        expected.put(trip + "&travel_date_from=2027-06-01&travel_date_to=2027-05-01", 422);
        expected.put(trip + "&limit=101", 422);
        expected.put(trip + "&limit=0", 422);
        expected.put(trip + "&skip=-1", 422);
        expected.put(trip + "&skip=first", 400);
        expected.put(trip + "&booking_type=%ff", 400);
        Map<String, String> field = new LinkedHashMap<>(Map.of(
                "",
                "trip_id",
                "trip_id=not-a-uuid",
                "trip_id",
                trip + "&status=lost",
                "status",
                trip + "&travel_date_from=2027-02-30",
                "travel_date_from",
                trip + "&travel_date_from=2027-06-01&travel_date_to=2027-05-01",
                "travel_date_to",
                trip + "&limit=101",
                "limit",
                trip + "&limit=0",
                "limit",
                trip + "&skip=-1",
                "skip",
                trip + "&skip=first",
                "skip"));
        // a query string that cannot be decoded (not UTF-8) names no one parameter
        field.put(trip + "&booking_type=%ff", "query");

        expected.forEach((query, status) -> {
            HttpApi.Response refused = api.list(query, owner.token());
            assertThat(refused.status()).as(query + " " + refused).isEqualTo(status);
            assertThat(refused.json().get("errors").findValuesAsString("field"))
                    .as(query + " " + refused)
                    .contains(field.get(query));
        });
    }

    @Test
    void travelDateFiltersOutside1900To9999AreRefusedNamingTheParameter() {
        String trip = "trip_id=" + tripId;
        Map<String, String> expected = Map.of(
                trip + "&travel_date_from=0000-01-01", "travel_date_from",
                trip + "&travel_date_from=1899-12-31", "travel_date_from",
                trip + "&travel_date_to=%2B10000-01-01", "travel_date_to");

        expected.forEach((query, field) -> {
            HttpApi.Response refused = api.list(query, owner.token());
            assertThat(refused.status()).as(query + " " + refused).isEqualTo(422);
            assertThat(refused.json().get("errors").findValuesAsString("field"))
                    .as(query + " " + refused)
                    .containsExactly(field);
        });
        assertThat(api.list(trip + "&travel_date_from=1900-01-01&travel_date_to=9999-12-31", owner.token())
                        .status())
                .isEqualTo(200);
    }

    private Map<String, Object> withTrip(Map<?, ?> body) {
        Map<String, Object> sent = new LinkedHashMap<>();
        body.forEach((k, v) -> sent.put((String) k, v));
        if (sent.get("trip_id") instanceof String s && isUuid(s)) {
            sent.put("trip_id", tripId.toString());
        }
        return sent;
    }

    private static boolean isUuid(String s) {
        try {
            UUID.fromString(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private long bookingsInTheDatabase() {
        return jdbc.sql("SELECT count(*) FROM bookings").query(Long.class).single();
    }
}
