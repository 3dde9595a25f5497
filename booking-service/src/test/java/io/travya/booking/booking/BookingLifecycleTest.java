package io.travya.booking.booking;

import static io.travya.booking.BookingRequests.booking;
import static io.travya.booking.BookingRequests.id;
import static io.travya.booking.BookingRequests.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.booking.BookingRequests;
import io.travya.booking.BookingTopic;
import io.travya.booking.TripFixture;
import io.travya.booking.TripFixture.Person;
import io.travya.events.BookingEvent;
import io.travya.events.BookingEventType;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.tripaccess.TripAccess;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
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
import tools.jackson.databind.JsonNode;

/** A booking's life: its changes, its status transitions, its listing, and the events that tell of them. */
@TravyaIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BookingLifecycleTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Autowired
    TripAccess access;

    TripFixture trips;
    BookingRequests api;
    Person owner;
    UUID tripId;

    @BeforeAll
    void setUp() {
        trips = new TripFixture(corner, access);
        api = new BookingRequests(new HttpApi(port));
        owner = Person.any();
        tripId = trips.ownedBy(owner).tripId();
    }

    @AfterAll
    void tearDown() {
        trips.close();
    }

    @Test
    void aBookingIsConfirmedUnlessItSaysOtherwiseAndIsReadBackAsCreated() {
        HttpApi.Response created = api.post(booking(tripId), owner.token());

        assertThat(created.status()).isEqualTo(201);
        JsonNode booking = created.json();
        assertThat(created.header("Location"))
                .isEqualTo("/api/v1/bookings/" + booking.get("id").asString());
        assertThat(booking.get("status").asString()).isEqualTo("confirmed");
        assertThat(booking.get("trip_id").asString()).isEqualTo(tripId.toString());
        assertThat(booking.get("amount").decimalValue()).isEqualByComparingTo("640.50");
        assertThat(booking.get("version").asLong()).isZero();
        assertThat(booking.get("created_at").asString())
                .isEqualTo(booking.get("updated_at").asString());
        assertThat(api.get(id(booking), owner.token()).json()).isEqualTo(booking);
    }

    @Test
    void aPendingBookingMayBeConfirmedThenCancelledThenRefundedEachStepANewVersion() {
        UUID id = id(api.create(with(booking(tripId), "status", "pending"), owner.token()));

        JsonNode confirmed = api.action(id, "confirm", owner.token()).json();
        JsonNode cancelled = api.action(id, "cancel", owner.token()).json();
        HttpApi.Response refunded = api.action(id, "refund", owner.token());

        assertThat(confirmed.get("status").asString()).isEqualTo("confirmed");
        assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
        assertThat(refunded.status()).isEqualTo(200);
        assertThat(refunded.json().get("status").asString()).isEqualTo("refunded");
        assertThat(refunded.json().get("version").asLong()).isEqualTo(3);
        assertThat(refunded.header("ETag")).isEqualTo("\"3\"");
    }

    @Test
    void aPendingBookingMayBeCancelledWithoutBeingConfirmedFirst() {
        UUID id = id(api.create(with(booking(tripId), "status", "pending"), owner.token()));

        HttpApi.Response cancelled = api.action(id, "cancel", owner.token());

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("cancelled");
    }

    Stream<Arguments> transitionsTheLifecycleDoesNotAllow() {
        List<Arguments> refused = new ArrayList<>();
        Map<String, String> targetOf = Map.of("confirm", "confirmed", "cancel", "cancelled", "refund", "refunded");
        for (BookingStatus from : BookingStatus.values()) {
            for (String action : List.of("confirm", "cancel", "refund")) {
                if (!from.mayBecome(BookingStatus.of(targetOf.get(action)))) {
                    refused.add(Arguments.of(from.value(), action));
                }
            }
        }
        assertThat(refused).hasSize(8);
        return refused.stream();
    }

    @ParameterizedTest(name = "a {0} booking cannot {1}")
    @MethodSource("transitionsTheLifecycleDoesNotAllow")
    void aTransitionTheLifecycleDoesNotAllowIsRefusedNamingTheStatusAndChangesNothing(String from, String action) {
        JsonNode existing = api.create(with(booking(tripId), "status", from), owner.token());

        HttpApi.Response refused = api.action(id(existing), action, owner.token());

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        JsonNode error = refused.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("status");
        assertThat(error.get("reason").asString()).startsWith("cannot change from " + from + " to ");
        assertThat(api.get(id(existing), owner.token()).json()).isEqualTo(existing);
    }

    @Test
    void aStatusChangedByPatchFollowsTheSameTransitions() {
        UUID id = id(api.create(booking(tripId), owner.token()));

        HttpApi.Response backToPending = api.patch(id, Map.of("status", "pending"), owner.token());
        HttpApi.Response cancelled = api.patch(id, Map.of("status", "cancelled"), owner.token());

        assertThat(backToPending.status()).isEqualTo(409);
        assertThat(backToPending.json().get("errors").get(0).get("field").asString())
                .isEqualTo("status");
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void aPatchChangesOnlyTheFieldsItNames() {
        JsonNode before = api.create(booking(tripId), owner.token());

        HttpApi.Response patched = api.patch(
                id(before), Map.of("provider", "  Pestana Palace  ", "amount", new BigDecimal("710.5")), owner.token());

        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        JsonNode after = patched.json();
        assertThat(after.get("provider").asString()).isEqualTo("Pestana Palace");
        assertThat(after.get("amount").decimalValue()).isEqualByComparingTo("710.50");
        assertThat(after.get("version").asLong()).isEqualTo(1);
        assertThat(after.get("updated_at").asString())
                .isNotEqualTo(before.get("updated_at").asString());
        for (String unchanged : List.of(
                "booking_type",
                "confirmation_number",
                "currency",
                "booking_date",
                "travel_date",
                "status",
                "created_at",
                "trip_id")) {
            assertThat(after.get(unchanged)).as(unchanged).isEqualTo(before.get(unchanged));
        }
    }

    @Test
    void aPatchThatChangesNothingWritesNothing() {
        JsonNode before = api.create(booking(tripId), owner.token());

        HttpApi.Response same = api.patch(
                id(before),
                Map.of(
                        "provider",
                        before.get("provider").asString(),
                        "amount",
                        new BigDecimal("640.5"),
                        "status",
                        "confirmed"),
                owner.token());
        HttpApi.Response empty = api.patch(id(before), Map.of(), owner.token());

        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json()).isEqualTo(before);
        assertThat(empty.json()).isEqualTo(before);
    }

    @Test
    void aDeletedBookingIsGoneAndCannotBeDeletedTwice() {
        UUID id = id(api.create(booking(tripId), owner.token()));

        HttpApi.Response deleted = api.delete(id, owner.token());

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(api.get(id, owner.token()).status()).isEqualTo(404);
        assertThat(api.delete(id, owner.token()).status()).isEqualTo(404);
        assertThat(api.list("trip_id=" + tripId, owner.token())
                        .json()
                        .get("data")
                        .findValuesAsString("id"))
                .doesNotContain(id.toString());
    }

    @Test
    void everyChangeIsPublishedWithTheBookingsFullStateKeyedByItsTripAndVersionedInOrder() {
        UUID id = id(api.create(with(booking(tripId), "status", "pending"), owner.token()));
        api.patch(id, Map.of("amount", 700), owner.token());
        api.action(id, "confirm", owner.token());
        api.action(id, "cancel", owner.token());
        api.action(id, "refund", owner.token());
        api.delete(id, owner.token());

        List<BookingTopic.Keyed> published = await().atMost(TripFixture.PATIENCE)
                .until(
                        () -> BookingTopic.records(corner).stream()
                                .filter(r -> r.event().getAggregateId().equals(id))
                                .toList(),
                        records -> records.size() >= 6);

        assertThat(published).extracting(BookingTopic.Keyed::key).containsOnly(tripId.toString());
        List<BookingEvent> events =
                published.stream().map(BookingTopic.Keyed::event).toList();
        assertThat(events)
                .extracting(e -> e.getEventType())
                .containsExactly(
                        BookingEventType.BookingCreated,
                        BookingEventType.BookingUpdated,
                        BookingEventType.BookingConfirmed,
                        BookingEventType.BookingCancelled,
                        BookingEventType.BookingRefunded,
                        BookingEventType.BookingDeleted);
        assertThat(events).extracting(BookingEvent::getAggregateVersion).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(events)
                .extracting(e -> e.getBooking().getStatus())
                .containsExactly("pending", "pending", "confirmed", "cancelled", "refunded", "refunded");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getTripId()).isEqualTo(tripId);
            assertThat(e.getActorId()).isEqualTo(owner.id());
            assertThat(e.getBooking().getId()).isEqualTo(id);
            assertThat(e.getBooking().getProvider()).isEqualTo("Hotel Avenida Palace");
            assertThat(e.getBooking().getCurrency()).isEqualTo("EUR");
            assertThat(e.getBooking().getTravelDate()).isEqualTo(LocalDate.of(2027, 5, 1));
        });
        assertThat(events.get(0).getBooking().getAmount()).isEqualByComparingTo("640.50");
        assertThat(events.get(5).getBooking().getAmount()).isEqualByComparingTo("700.00");
        assertThat(events).extracting(BookingEvent::getEventId).doesNotHaveDuplicates();
    }

    @Test
    void aTripsBookingsAreListedByTravelDateWithFiltersPagesAndTotalsPerCurrency() {
        UUID trip = trips.ownedBy(owner).tripId();
        create(trip, "flight", "2027-05-01", "320.00", "EUR", "confirmed");
        create(trip, "hotel", "2027-05-01", "640.50", "EUR", "confirmed");
        create(trip, "hotel", "2027-05-04", "410.25", "EUR", "cancelled");
        create(trip, "car", "2027-05-02", "99.99", "USD", "pending");
        create(trip, "tour", "2027-05-06", "15000", "JPY", "confirmed");
        String all = "trip_id=" + trip;

        HttpApi.Response listed = api.list(all, owner.token());
        assertThat(listed.text()).contains("\"totals\":{\"EUR\":1370.75,\"JPY\":15000.00,\"USD\":99.99}");
        JsonNode everything = listed.json();
        assertThat(everything.get("count").asLong()).isEqualTo(5);
        assertThat(everything.get("data").findValuesAsString("travel_date"))
                .containsExactly("2027-05-01", "2027-05-01", "2027-05-02", "2027-05-04", "2027-05-06");
        assertThat(totals(everything))
                .containsExactly(Map.entry("EUR", "1370.75"), Map.entry("JPY", "15000.00"), Map.entry("USD", "99.99"));

        JsonNode hotels = api.list(all + "&booking_type=hotel", owner.token()).json();
        assertThat(hotels.get("count").asLong()).isEqualTo(2);
        assertThat(totals(hotels)).containsExactly(Map.entry("EUR", "1050.75"));

        JsonNode confirmed = api.list(all + "&status=confirmed", owner.token()).json();
        assertThat(confirmed.get("data").findValuesAsString("booking_type")).containsExactly("flight", "hotel", "tour");

        JsonNode window = api.list(all + "&travel_date_from=2027-05-02&travel_date_to=2027-05-04", owner.token())
                .json();
        assertThat(window.get("data").findValuesAsString("booking_type")).containsExactly("car", "hotel");

        JsonNode secondPage = api.list(all + "&skip=2&limit=2", owner.token()).json();
        assertThat(secondPage.get("count").asLong())
                .as("count covers every page")
                .isEqualTo(5);
        assertThat(secondPage.get("data").findValuesAsString("booking_type")).containsExactly("car", "hotel");
        assertThat(totals(secondPage)).as("so do the totals").hasSize(3);

        JsonNode none = api.list(all + "&booking_type=train", owner.token()).json();
        assertThat(none.get("count").asLong()).isZero();
        assertThat(none.get("data").isEmpty()).isTrue();
        assertThat(none.get("totals").isEmpty()).isTrue();
    }

    private void create(UUID trip, String type, String travelDate, String amount, String currency, String status) {
        Map<String, Object> body = booking(trip);
        body.put("booking_type", type);
        body.put("booking_date", "2027-01-15");
        body.put("travel_date", travelDate);
        body.put("amount", new BigDecimal(amount));
        body.put("currency", currency);
        body.put("status", status);
        api.create(body, owner.token());
    }

    /** Amounts as text with two places: the test's JSON parser reads numbers as doubles. */
    private static Map<String, String> totals(JsonNode list) {
        Map<String, String> totals = new java.util.LinkedHashMap<>();
        list.get("totals")
                .properties()
                .forEach(e -> totals.put(
                        e.getKey(),
                        e.getValue()
                                .decimalValue()
                                .setScale(2, RoundingMode.HALF_UP)
                                .toPlainString()));
        return totals;
    }
}
