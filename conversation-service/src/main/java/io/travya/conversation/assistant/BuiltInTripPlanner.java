package io.travya.conversation.assistant;

import static io.travya.conversation.assistant.TripFacts.date;
import static io.travya.conversation.assistant.TripFacts.money;

import io.travya.conversation.assistant.AssistantPrompt.Speaker;
import io.travya.conversation.assistant.AssistantPrompt.Turn;
import io.travya.conversation.assistant.TripFacts.Budget;
import io.travya.conversation.conversation.MessageType;
import io.travya.conversation.tripcontext.TripContext;
import io.travya.conversation.tripcontext.TripContext.ItineraryEntry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The assistant when no model endpoint is configured: a deterministic trip planner that answers from
 * the trip's own data. It recognises questions about the budget and the bookings and about the
 * itinerary (a whole one, or one day's); anything else gets a summary of the trip. A follow-up that
 * names no topic ("and for us?", "what about now?") is read in the light of the conversation's
 * previous question.
 */
final class BuiltInTripPlanner implements AssistantModel {

    enum Topic {
        BUDGET,
        BOOKINGS,
        ITINERARY
    }

    private static final Map<Topic, Pattern> KEYWORDS = Map.of(
            Topic.BUDGET,
                    words(
                            "budget",
                            "spend",
                            "spent",
                            "spending",
                            "cost",
                            "costs",
                            "money",
                            "afford",
                            "remaining",
                            "remains",
                            "left",
                            "expense",
                            "expenses",
                            "price",
                            "how much"),
            Topic.BOOKINGS,
                    words(
                            "booked",
                            "booking",
                            "bookings",
                            "book",
                            "reservation",
                            "reservations",
                            "reserved",
                            "hotel",
                            "hotels",
                            "flight",
                            "flights",
                            "ticket",
                            "tickets"),
            Topic.ITINERARY,
                    words(
                            "itinerary",
                            "schedule",
                            "plan",
                            "plans",
                            "planned",
                            "agenda",
                            "activities",
                            "activity",
                            "programme",
                            "program",
                            "what are we doing",
                            "day \\d+"));

    private static final Pattern DAY = Pattern.compile("\\bday\\s+(\\d{1,3})\\b");
    private static final Pattern FOLLOW_UP = Pattern.compile("^(and|what about|how about|also)\\b.*");

    @Override
    public AssistantReply reply(AssistantPrompt prompt) {
        TripContext trip = prompt.trip();
        if (trip == null) {
            return new AssistantReply(
                    "I don't know this trip's details yet: they are still on their way to me. Ask me again in a"
                            + " moment.",
                    MessageType.TEXT);
        }
        String question = normalise(prompt.question());
        Set<Topic> topics = topics(question);
        if (topics.isEmpty() && isFollowUp(question)) {
            topics = previousTopics(prompt.history());
        }
        Integer day = dayAsked(question);
        if (topics.isEmpty()) {
            return new AssistantReply(summary(trip), MessageType.TEXT);
        }
        StringBuilder answer = new StringBuilder();
        if (topics.contains(Topic.BUDGET) || topics.contains(Topic.BOOKINGS)) {
            answer.append(topics.contains(Topic.BUDGET) ? budget(trip) : bookings(trip));
        }
        if (topics.contains(Topic.ITINERARY)) {
            if (!answer.isEmpty()) {
                answer.append("\n\n");
            }
            answer.append(day == null ? itinerary(trip) : day(trip, day));
        }
        MessageType type = topics.equals(EnumSet.of(Topic.ITINERARY))
                ? MessageType.ITINERARY
                : topics.contains(Topic.ITINERARY) ? MessageType.TEXT : MessageType.BOOKING;
        return new AssistantReply(answer.toString(), type);
    }

    static Set<Topic> topics(String normalisedQuestion) {
        Set<Topic> topics = EnumSet.noneOf(Topic.class);
        KEYWORDS.forEach((topic, pattern) -> {
            if (pattern.matcher(normalisedQuestion).find()) {
                topics.add(topic);
            }
        });
        return topics;
    }

    private static Set<Topic> previousTopics(List<Turn> history) {
        for (int i = history.size() - 1; i >= 0; i--) {
            Turn turn = history.get(i);
            if (turn.speaker() == Speaker.USER) {
                return topics(normalise(turn.content()));
            }
        }
        return Set.of();
    }

    /** "and?", "what about the second week?": a question that opens like a follow-up. */
    private static boolean isFollowUp(String question) {
        return FOLLOW_UP.matcher(question).matches();
    }

    private static Integer dayAsked(String question) {
        Matcher matcher = DAY.matcher(question);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : null;
    }

    private static String budget(TripContext trip) {
        Budget budget = TripFacts.budget(trip);
        StringBuilder text = new StringBuilder();
        if (budget.total() == null) {
            text.append(trip.title()).append(" has no budget set.\n");
        } else {
            text.append("The budget of ")
                    .append(trip.title())
                    .append(" is ")
                    .append(money(budget.total()))
                    .append(budget.currency() == null ? "" : " " + budget.currency())
                    .append(".\n");
        }
        text.append(spending(trip));
        if (budget.total() != null && !budget.spent().isEmpty()) {
            BigDecimal remaining = budget.remaining();
            if (remaining.signum() >= 0) {
                text.append("Remaining: ")
                        .append(money(remaining))
                        .append(' ')
                        .append(budget.currency())
                        .append(" of ")
                        .append(money(budget.total()))
                        .append(' ')
                        .append(budget.currency());
                if (budget.total().signum() > 0) {
                    text.append(" (")
                            .append(budget.used()
                                    .multiply(BigDecimal.valueOf(100))
                                    .divide(budget.total(), 1, RoundingMode.HALF_UP)
                                    .toPlainString())
                            .append("% spent)");
                }
                text.append(".\n");
            } else {
                text.append("Over budget by ")
                        .append(money(remaining.negate()))
                        .append(' ')
                        .append(budget.currency())
                        .append(".\n");
            }
            if (!budget.notSubtracted().isEmpty()) {
                text.append("Not subtracted, for want of exchange rates: ")
                        .append(String.join(", ", budget.notSubtracted()))
                        .append(".\n");
            }
            text.append("Assumption: ").append(budget.assumption()).append('.');
        } else if (budget.total() != null) {
            text.append("All of it remains: ").append(money(budget.total())).append('.');
        }
        return text.toString().strip();
    }

    private static String bookings(TripContext trip) {
        if (trip.bookings().isEmpty()) {
            return "Nothing is booked for " + trip.title() + " yet.";
        }
        StringBuilder text =
                new StringBuilder("Bookings of ").append(trip.title()).append(":\n");
        trip.bookings().forEach(b -> text.append("- ").append(TripFacts.line(b)).append('\n'));
        text.append(spending(trip));
        return text.toString().strip();
    }

    /** What is booked and spent, per currency; cancelled and refunded bookings do not count. */
    private static String spending(TripContext trip) {
        Map<String, TripFacts.Spent> spent = TripFacts.spentByCurrency(trip);
        if (spent.isEmpty()) {
            return "Nothing is booked yet (cancelled and refunded bookings do not count).\n";
        }
        StringBuilder text = new StringBuilder("Booked and spent (confirmed and pending bookings):\n");
        spent.forEach((currency, s) -> {
            text.append("- ")
                    .append(currency)
                    .append(' ')
                    .append(money(s.amount()))
                    .append(" in ")
                    .append(s.count())
                    .append(s.count() == 1 ? " booking: " : " bookings: ");
            text.append(String.join(
                    "; ",
                    TripFacts.counted(trip).stream()
                            .filter(b -> b.currency().equals(currency))
                            .map(b -> b.bookingType() + " with " + b.provider() + " " + money(b.amount()) + " ("
                                    + b.status() + ")")
                            .toList()));
            text.append('\n');
        });
        return text.toString();
    }

    private static String itinerary(TripContext trip) {
        int length = TripFacts.lengthInDays(trip);
        StringBuilder text = new StringBuilder("Itinerary of ")
                .append(trip.title())
                .append(", ")
                .append(date(trip.startDate()))
                .append(" to ")
                .append(date(trip.endDate()))
                .append(" (")
                .append(length)
                .append(" days):\n");
        Map<Integer, List<ItineraryEntry>> byDay = TripFacts.byDay(trip);
        if (byDay.isEmpty()) {
            return text.append("Nothing is planned yet.").toString();
        }
        byDay.forEach((day, items) -> {
            text.append("Day ").append(day).append(" – ").append(date(TripFacts.dateOf(trip, day)));
            if (day > length) {
                text.append(" (after the trip's end date)");
            }
            text.append('\n');
            items.forEach(item -> text.append("- ").append(TripFacts.line(item)).append('\n'));
        });
        String free = TripFacts.freeDays(trip);
        if (!free.isEmpty()) {
            text.append("Nothing planned yet on day")
                    .append(free.matches("\\d+") ? " " : "s ")
                    .append(free)
                    .append('.');
        }
        return text.toString().strip();
    }

    private static String day(TripContext trip, int day) {
        int length = TripFacts.lengthInDays(trip);
        List<ItineraryEntry> items = TripFacts.byDay(trip).getOrDefault(day, List.of());
        if (day < 1 || (day > length && items.isEmpty())) {
            return trip.title() + " has days 1 to " + length + " (" + date(trip.startDate()) + " to "
                    + date(trip.endDate()) + ").";
        }
        StringBuilder text = new StringBuilder("Day ")
                .append(day)
                .append(" of ")
                .append(trip.title())
                .append(" – ")
                .append(date(TripFacts.dateOf(trip, day)))
                .append(":\n");
        if (items.isEmpty()) {
            return text.append("Nothing is planned yet.").toString();
        }
        items.forEach(item -> text.append("- ").append(TripFacts.line(item)).append('\n'));
        return text.toString().strip();
    }

    private static String summary(TripContext trip) {
        int length = TripFacts.lengthInDays(trip);
        Budget budget = TripFacts.budget(trip);
        StringBuilder text = new StringBuilder()
                .append(trip.title())
                .append(": ")
                .append(trip.destination())
                .append(", ")
                .append(date(trip.startDate()))
                .append(" to ")
                .append(date(trip.endDate()))
                .append(" (")
                .append(length)
                .append(length == 1 ? " day" : " days")
                .append(", ")
                .append(length - 1)
                .append(length - 1 == 1 ? " night" : " nights")
                .append("), ")
                .append(trip.tripType())
                .append(", ")
                .append(trip.status().replace('_', ' '))
                .append(".\n");
        if (budget.total() == null) {
            text.append("No budget is set.");
        } else {
            text.append("Budget: ").append(money(budget.total()));
            if (budget.currency() != null) {
                text.append(' ')
                        .append(budget.currency())
                        .append("; ")
                        .append(money(budget.remaining()))
                        .append(' ')
                        .append(budget.currency())
                        .append(" remains");
            }
            text.append('.');
        }
        int bookings = TripFacts.counted(trip).size();
        text.append(' ')
                .append(
                        bookings == 0
                                ? "Nothing is booked yet."
                                : bookings + (bookings == 1 ? " booking." : " bookings."))
                .append('\n');
        Map<Integer, List<ItineraryEntry>> byDay = TripFacts.byDay(trip);
        text.append(
                        byDay.isEmpty()
                                ? "The itinerary is empty."
                                : "The itinerary has " + trip.itinerary().size() + " items over " + byDay.size()
                                        + " of the " + length + " days.")
                .append('\n');
        text.append("Ask me about the budget, the bookings or the itinerary (or one day of it: \"what's on day 2?\").");
        return text.toString();
    }

    private static Pattern words(String... words) {
        return Pattern.compile("\\b(" + String.join("|", words) + ")\\b");
    }

    private static String normalise(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }
}
