package io.travya.conversation.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import io.travya.conversation.assistant.AssistantPrompt.Speaker;
import io.travya.conversation.assistant.AssistantPrompt.Turn;
import io.travya.conversation.conversation.MessageType;
import io.travya.conversation.tripcontext.TripContext;
import io.travya.conversation.tripcontext.TripContext.ItineraryEntry;
import io.travya.conversation.tripcontext.TripContext.TripBooking;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The built-in trip planner's answers, rule by rule, without the service around it. */
class BuiltInTripPlannerTest {

    private static final LocalDate MAY_1 = LocalDate.of(2027, 5, 1);

    private final BuiltInTripPlanner planner = new BuiltInTripPlanner();

    private static TripContext trip(String budget, List<ItineraryEntry> itinerary, List<TripBooking> bookings) {
        return new TripContext(
                UUID.randomUUID(),
                "Trip to Lisbon",
                "Lisbon, Portugal",
                MAY_1,
                MAY_1.plusDays(7),
                budget == null ? null : new BigDecimal(budget),
                null,
                "planned",
                "leisure",
                itinerary,
                bookings);
    }

    private static TripBooking booking(String type, String amount, String currency, String status) {
        return new TripBooking(type, type + " provider", new BigDecimal(amount), currency, MAY_1, status);
    }

    private static ItineraryEntry item(int day, String title, LocalTime start) {
        return new ItineraryEntry(day, title, null, List.of(), start, null, null);
    }

    private AssistantReply ask(TripContext trip, String question, Turn... history) {
        return planner.reply(new AssistantPrompt("Chat", List.of(history), question, trip));
    }

    @Test
    void theBudgetIsTakenToBeInTheCurrencyOfEveryBookingAndOnlyConfirmedAndPendingOnesCount() {
        TripContext trip = trip(
                "1000.00",
                List.of(),
                List.of(
                        booking("hotel", "300.00", "EUR", "confirmed"),
                        booking("flight", "150.25", "EUR", "pending"),
                        booking("tour", "80.00", "GBP", "cancelled"),
                        booking("car", "60.00", "USD", "refunded")));

        AssistantReply reply = ask(trip, "How much money is left?");

        assertThat(reply.type()).isEqualTo(MessageType.BOOKING);
        assertThat(reply.content())
                .contains("The budget of Trip to Lisbon is 1000.00 EUR.")
                .contains("EUR 450.25 in 2 bookings")
                .contains("Remaining: 549.75 EUR of 1000.00 EUR (45.0% spent).")
                .contains("I take it to be EUR, the currency of every booking")
                .doesNotContain("GBP")
                .doesNotContain("USD");
    }

    @Test
    void withBookingsInSeveralCurrenciesTheBudgetIsTakenToBeInUsdAndNothingIsConverted() {
        TripContext trip = trip(
                "2000.00",
                List.of(),
                List.of(
                        booking("hotel", "500.00", "EUR", "confirmed"),
                        booking("flight", "700.00", "USD", "confirmed")));

        String answer = ask(trip, "What's our budget?").content();

        assertThat(answer)
                .contains("EUR 500.00 in 1 booking")
                .contains("USD 700.00 in 1 booking")
                .contains("Remaining: 1300.00 USD of 2000.00 USD")
                .contains("Not subtracted, for want of exchange rates: EUR 500.00.")
                .contains("the bookings are in EUR, USD; I take it to be USD");
    }

    @Test
    void spendingBeyondTheBudgetIsCalledOverBudgetAndATripWithoutBudgetSaysSo() {
        TripContext over = trip("100.00", List.of(), List.of(booking("hotel", "130.00", "EUR", "confirmed")));
        TripContext none = trip(null, List.of(), List.of(booking("hotel", "130.00", "EUR", "confirmed")));

        assertThat(ask(over, "Can we afford it?").content()).contains("Over budget by 30.00 EUR.");
        assertThat(ask(none, "What is the budget?").content())
                .startsWith("Trip to Lisbon has no budget set.")
                .contains("EUR 130.00 in 1 booking");
    }

    @Test
    void theItineraryIsListedByDayInTimeOrderWithTheDaysLeftFree() {
        TripContext trip = trip(
                "1000.00",
                List.of(
                        item(4, "Late lunch", LocalTime.of(14, 0)),
                        item(1, "Arrival", LocalTime.of(16, 0)),
                        item(1, "Breakfast", LocalTime.of(8, 0)),
                        item(2, "Walk", null)),
                List.of());

        AssistantReply reply = ask(trip, "Show me the schedule");

        assertThat(reply.type()).isEqualTo(MessageType.ITINERARY);
        assertThat(reply.content())
                .contains("Day 1 – Sat 1 May 2027\n- 08:00 Breakfast\n- 16:00 Arrival\n"
                        + "Day 2 – Sun 2 May 2027\n- Walk\nDay 4 – Tue 4 May 2027\n- 14:00 Late lunch")
                .endsWith("Nothing planned yet on days 3, 5–8.");
    }

    @Test
    void aQuestionAboutOneDayIsAnsweredForThatDayAndADayOutsideTheTripIsExplained() {
        TripContext trip = trip("1000.00", List.of(item(2, "Walk", null)), List.of());

        assertThat(ask(trip, "what's on day 2").content())
                .isEqualTo("Day 2 of Trip to Lisbon – Sun 2 May 2027:\n- Walk");
        assertThat(ask(trip, "what's on day 3").content()).endsWith("Nothing is planned yet.");
        assertThat(ask(trip, "what's on day 12").content())
                .isEqualTo("Trip to Lisbon has days 1 to 8 (Sat 1 May 2027 to Sat 8 May 2027).");
    }

    @Test
    void aFollowUpWithoutATopicOfItsOwnContinuesThePreviousQuestion() {
        TripContext trip = trip("1000.00", List.of(), List.of(booking("hotel", "300.00", "EUR", "confirmed")));

        AssistantReply followUp = ask(
                trip,
                "And for the others?",
                new Turn(Speaker.USER, "How much have we spent?"),
                new Turn(Speaker.ASSISTANT, "..."));
        AssistantReply unrelated = ask(
                trip,
                "Thanks a lot!",
                new Turn(Speaker.USER, "How much have we spent?"),
                new Turn(Speaker.ASSISTANT, "..."));

        assertThat(followUp.content()).contains("Remaining: 700.00 EUR");
        assertThat(unrelated.type()).isEqualTo(MessageType.TEXT);
        assertThat(unrelated.content()).startsWith("Trip to Lisbon: Lisbon, Portugal");
    }

    @Test
    void aQuestionAboutBothMoneyAndPlansIsAnsweredAboutBoth() {
        TripContext trip = trip(
                "1000.00", List.of(item(1, "Arrival", null)), List.of(booking("hotel", "300.00", "EUR", "confirmed")));

        AssistantReply reply = ask(trip, "What did we book and what is the plan?");

        assertThat(reply.type()).isEqualTo(MessageType.TEXT);
        assertThat(reply.content()).contains("Bookings of Trip to Lisbon:").contains("Day 1 – Sat 1 May 2027");
    }

    @Test
    void theSameQuestionAboutTheSameTripAlwaysGetsTheSameAnswer() {
        TripContext trip = trip(
                "1000.00", List.of(item(1, "Arrival", null)), List.of(booking("hotel", "300.00", "EUR", "confirmed")));

        assertThat(ask(trip, "Tell me about the trip")).isEqualTo(ask(trip, "Tell me about the trip"));
        assertThat(ask(null, "Hello?").content()).contains("don't know this trip's details yet");
    }
}
