package io.travya.conversation.assistant;

import static io.travya.platform.test.TestEvents.item;
import static io.travya.platform.test.TestEvents.itinerary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.conversation.ConversationApi;
import io.travya.conversation.TripParty;
import io.travya.conversation.tripcontext.TripContext;
import io.travya.conversation.tripcontext.TripContexts;
import io.travya.events.BookingEvent;
import io.travya.events.ItineraryItem;
import io.travya.events.Trip;
import io.travya.events.TripEventType;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestEvents;
import io.travya.platform.test.TestEvents.BookingHistory;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.tripaccess.TripAccess;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * With no model endpoint configured, the built-in trip planner answers, from what the trip and
 * booking events told conversation-service.
 */
@TravyaIntegrationTest
class BuiltInPlannerAnswersTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Autowired
    TripAccess access;

    @Autowired
    TripContexts contexts;

    TestEvents events;
    ConversationApi api;
    TripParty party;
    String owner;

    @BeforeEach
    void setUp() {
        events = new TestEvents(corner);
        api = new ConversationApi(new HttpApi(port));
        party = TripParty.publish(events, access);
        owner = party.token(party.owner);
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    /**
     * Lisbon, 1–8 May 2027: budget raised to 2000.00; a hotel repriced to 640.00 and confirmed, a
     * pending flight of 180.50, a cancelled tour and a deleted car booking, all in EUR; three items
     * on days 1 and 2, and one on day 3 that was removed again.
     */
    private void planTheTrip() {
        UUID tripId = party.tripId();
        events.publish(
                tripId,
                party.trip.updated(Trip.newBuilder(party.trip.trip())
                        .setBudget(new BigDecimal("2000.00"))
                        .build()));
        ItineraryItem castle = item(
                tripId,
                1,
                "Castle visit",
                LocalTime.of(9, 0),
                LocalTime.of(12, 0),
                "Castelo de São Jorge",
                List.of("views", "tram 28"));
        ItineraryItem dinner = item(tripId, 1, "Dinner in Alfama", LocalTime.of(20, 0), null, null, List.of());
        ItineraryItem sintra = item(
                tripId,
                2,
                "Sintra day trip",
                LocalTime.of(8, 30),
                LocalTime.of(18, 0),
                "Sintra",
                List.of("Pena Palace"));
        ItineraryItem beach = item(tripId, 3, "Beach in Cascais", null, null, "Cascais", List.of());
        events.publish(tripId, itinerary(party.trip, TripEventType.ItineraryItemAdded, dinner));
        events.publish(tripId, itinerary(party.trip, TripEventType.ItineraryItemAdded, castle));
        events.publish(tripId, itinerary(party.trip, TripEventType.ItineraryItemAdded, sintra));
        events.publish(tripId, itinerary(party.trip, TripEventType.ItineraryItemAdded, beach));
        events.publish(tripId, itinerary(party.trip, TripEventType.ItineraryItemRemoved, beach));

        LocalDate first = LocalDate.of(2027, 5, 1);
        BookingHistory hotel = new BookingHistory(tripId, "hotel", "Hotel Avenida", "600.00", "EUR", first);
        BookingHistory flight = new BookingHistory(tripId, "flight", "TAP", "180.50", "EUR", first);
        BookingHistory tour = new BookingHistory(tripId, "tour", "Fado Tours", "99.00", "EUR", first.plusDays(2));
        BookingHistory car = new BookingHistory(tripId, "car", "Rent-a-Car", "75.00", "EUR", first.plusDays(1));
        List<BookingEvent> bookings = List.of(
                hotel.created(),
                hotel.repriced("640.00"),
                hotel.confirmed(),
                flight.created(),
                tour.created(),
                tour.cancelled(),
                car.created(),
                car.deleted());
        bookings.forEach(booking -> events.publish(tripId, booking));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            TripContext context = contexts.find(tripId).orElseThrow();
            assertThat(context.budget()).isEqualByComparingTo("2000.00");
            assertThat(context.itinerary()).hasSize(3);
            assertThat(context.bookings())
                    .extracting(TripContext.TripBooking::provider, TripContext.TripBooking::status)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("Hotel Avenida", "confirmed"),
                            org.assertj.core.groups.Tuple.tuple("TAP", "pending"),
                            org.assertj.core.groups.Tuple.tuple("Fado Tours", "cancelled"));
        });
    }

    @Test
    void aBudgetQuestionIsAnsweredWithWhatIsBookedSpentAndLeft() {
        planTheTrip();
        String id = api.start(party.tripId(), "Money", owner).get("id").asString();

        String asked = api.post(id, "How much of our budget is left?", party.token(party.viewer))
                .get("id")
                .asString();
        JsonNode reply = api.awaitReplyTo(id, asked, owner);

        String answer = reply.get("content").asString();
        assertThat(reply.get("sender_type").asString()).isEqualTo("assistant");
        assertThat(reply.get("message_type").asString()).isEqualTo("booking");
        assertThat(answer)
                .contains("The budget of Trip to Lisbon is 2000.00 EUR")
                .contains("EUR 820.50 in 2 bookings")
                .contains("hotel with Hotel Avenida 640.00 (confirmed)")
                .contains("flight with TAP 180.50 (pending)")
                .contains("Remaining: 1179.50 EUR of 2000.00 EUR (41.0% spent)")
                .contains("Assumption: the budget has no currency of its own; I take it to be EUR")
                .doesNotContain("Fado Tours")
                .doesNotContain("Rent-a-Car");
    }

    @Test
    void anItineraryQuestionIsAnsweredDayByDayAndAFollowUpAboutOneDay() {
        planTheTrip();
        String id = api.start(party.tripId(), "Plans", owner).get("id").asString();

        String asked = api.post(id, "What's on the itinerary?", owner).get("id").asString();
        JsonNode reply = api.awaitReplyTo(id, asked, owner);
        String followUp = api.post(id, "And on day 2?", party.token(party.editor))
                .get("id")
                .asString();
        JsonNode dayTwo = api.awaitReplyTo(id, followUp, owner);

        String answer = reply.get("content").asString();
        assertThat(reply.get("message_type").asString()).isEqualTo("itinerary");
        assertThat(answer)
                .contains("Itinerary of Trip to Lisbon, Sat 1 May 2027 to Sat 8 May 2027 (8 days)")
                .contains(
                        "Day 1 – Sat 1 May 2027\n- 09:00–12:00 Castle visit at Castelo de São Jorge (views, tram 28)\n"
                                + "- 20:00 Dinner in Alfama")
                .contains("Day 2 – Sun 2 May 2027\n- 08:30–18:00 Sintra day trip at Sintra (Pena Palace)")
                .contains("Nothing planned yet on days 3–8.")
                .doesNotContain("Cascais");
        assertThat(dayTwo.get("content").asString())
                .startsWith("Day 2 of Trip to Lisbon – Sun 2 May 2027:")
                .contains("Sintra day trip")
                .doesNotContain("Castle");
    }

    @Test
    void anythingElseIsAnsweredWithASummaryOfTheTrip() {
        String id = api.start(party.tripId(), "Hello", owner).get("id").asString();

        String asked =
                api.post(id, "Hi there! Can you help us?", owner).get("id").asString();
        String answer = api.awaitReplyTo(id, asked, owner).get("content").asString();

        assertThat(answer)
                .startsWith("Trip to Lisbon: Lisbon, Portugal, Sat 1 May 2027 to Sat 8 May 2027 (8 days, 7 nights),"
                        + " leisure, planned.")
                .contains("Budget: 2500.00.")
                .contains("Nothing is booked yet.")
                .contains("The itinerary is empty.")
                .contains("Ask me about the budget, the bookings or the itinerary");
    }

    /**
     * Also the measurement of the reply latency reported for the built-in planner: from the user's
     * message's created_at to its reply's, over questions asked one after the other.
     */
    @Test
    void everyQuestionOfALongConversationGetsExactlyOneReplyOfItsOwn() {
        String id = api.start(party.tripId(), "Many questions", owner).get("id").asString();
        List<Long> latencies = new ArrayList<>();
        List<String> questions = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String content = i % 2 == 0 ? "What is our budget? (" + i + ")" : "What is planned? (" + i + ")";
            JsonNode asked = api.post(id, content, owner);
            questions.add(asked.get("id").asString());
            JsonNode reply = await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> lastReplyTo(id, asked.get("id").asString()), r -> r != null);
            latencies.add(Duration.between(
                            Instant.parse(asked.get("created_at").asString()),
                            Instant.parse(reply.get("created_at").asString()))
                    .toMillis());
        }

        List<JsonNode> all = api.messages(id, owner);
        assertThat(all).hasSize(80);
        assertThat(all.stream()
                        .filter(m -> !m.get("reply_to").isNull())
                        .map(m -> m.get("reply_to").asString()))
                .containsExactlyElementsOf(questions);
        List<Long> sorted = latencies.stream().sorted().toList();
        System.out.printf(
                "[latency] built-in planner, user message -> assistant reply (created_at to created_at), n=%d:"
                        + " p50=%d ms, p99=%d ms, min=%d ms, max=%d ms%n",
                sorted.size(),
                sorted.get((int) Math.ceil(0.50 * sorted.size()) - 1),
                sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1),
                sorted.get(0),
                sorted.get(sorted.size() - 1));
    }

    /** The newest message, if it is the reply to the given one: cheap to poll (one small page). */
    private JsonNode lastReplyTo(String conversationId, String messageId) {
        JsonNode conversation = api.conversation(conversationId, owner);
        JsonNode last = conversation.get("last_message");
        return last != null
                        && !last.isNull()
                        && !last.get("reply_to").isNull()
                        && messageId.equals(last.get("reply_to").asString())
                ? last
                : null;
    }
}
