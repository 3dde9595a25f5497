package io.travya.conversation.assistant;

import io.travya.conversation.tripcontext.TripContext;
import io.travya.conversation.tripcontext.TripContext.ItineraryEntry;
import io.travya.conversation.tripcontext.TripContext.TripBooking;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What can be worked out from a trip's data, the same way for every model: its days, what is booked
 * and spent per currency, and what remains of the budget.
 *
 * <p>The budget has no currency in the data model, and no exchange rates are known. The assumption:
 * when every booking that counts is in one currency, the budget is in that currency; otherwise (no
 * bookings, or several currencies) it is in USD, the default currency of a booking. Only bookings in
 * the budget's currency are subtracted from it; spending in other currencies is reported, not converted.
 */
final class TripFacts {

    /** Confirmed and pending bookings commit money; cancelled and refunded ones do not. */
    static final Set<String> COUNTED = Set.of("confirmed", "pending");

    static final String DEFAULT_CURRENCY = "USD";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);

    private TripFacts() {}

    /** Days of the trip, both ends included: itinerary days run from 1 to this. */
    static int lengthInDays(TripContext trip) {
        return (int) ChronoUnit.DAYS.between(trip.startDate(), trip.endDate()) + 1;
    }

    static LocalDate dateOf(TripContext trip, int day) {
        return trip.startDate().plusDays(day - 1L);
    }

    static String date(LocalDate date) {
        return DAY.format(date);
    }

    static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** Money committed per currency, currencies in alphabetical order. */
    static Map<String, Spent> spentByCurrency(TripContext trip) {
        Map<String, Spent> spent = new TreeMap<>();
        for (TripBooking booking : counted(trip)) {
            spent.merge(
                    booking.currency(),
                    new Spent(booking.amount(), 1),
                    (a, b) -> new Spent(a.amount.add(b.amount), a.count + b.count));
        }
        return spent;
    }

    static List<TripBooking> counted(TripContext trip) {
        return trip.bookings().stream()
                .filter(b -> COUNTED.contains(b.status()))
                .toList();
    }

    static Budget budget(TripContext trip) {
        Map<String, Spent> spent = spentByCurrency(trip);
        if (trip.budget() == null) {
            return new Budget(null, null, null, null, spent, List.of(), "the trip has no budget");
        }
        if (spent.isEmpty()) {
            return new Budget(
                    trip.budget(), null, BigDecimal.ZERO, trip.budget(), spent, List.of(), "nothing is booked yet");
        }
        String currency;
        String why;
        if (spent.size() == 1) {
            currency = spent.keySet().iterator().next();
            why = "the budget has no currency of its own; I take it to be " + currency
                    + ", the currency of every booking";
        } else {
            currency = DEFAULT_CURRENCY;
            why = "the budget has no currency of its own and the bookings are in " + String.join(", ", spent.keySet())
                    + "; I take it to be " + currency + ", the default booking currency, and convert nothing";
        }
        BigDecimal used = spent.containsKey(currency) ? spent.get(currency).amount() : BigDecimal.ZERO;
        List<String> notSubtracted = spent.entrySet().stream()
                .filter(e -> !e.getKey().equals(currency))
                .map(e -> e.getKey() + " " + money(e.getValue().amount()))
                .toList();
        return new Budget(trip.budget(), currency, used, trip.budget().subtract(used), spent, notSubtracted, why);
    }

    /** Within a day: timed items by start time, then the untimed ones; ties by title. */
    static final Comparator<ItineraryEntry> IN_DAY_ORDER = Comparator.comparing(
                    ItineraryEntry::startTime, Comparator.nullsLast(Comparator.<LocalTime>naturalOrder()))
            .thenComparing(ItineraryEntry::title);

    /** The itinerary grouped by day, days and their items in order. */
    static Map<Integer, List<ItineraryEntry>> byDay(TripContext trip) {
        return trip.itinerary().stream()
                .sorted(IN_DAY_ORDER)
                .collect(Collectors.groupingBy(ItineraryEntry::day, TreeMap::new, Collectors.toList()));
    }

    /** One line for an itinerary item: "09:00–12:00 Castle visit at Castelo de São Jorge (views, tram 28)". */
    static String line(ItineraryEntry item) {
        StringBuilder line = new StringBuilder();
        if (item.startTime() != null) {
            line.append(item.startTime());
            if (item.endTime() != null) {
                line.append('–').append(item.endTime());
            }
            line.append(' ');
        }
        line.append(item.title());
        if (item.location() != null && !item.location().isBlank()) {
            line.append(" at ").append(item.location());
        }
        if (!item.activities().isEmpty()) {
            line.append(" (").append(String.join(", ", item.activities())).append(')');
        }
        if (item.description() != null && !item.description().isBlank()) {
            line.append(" — ").append(item.description());
        }
        return line.toString();
    }

    static String line(TripBooking booking) {
        return booking.bookingType() + " with " + booking.provider() + ": " + booking.currency() + " "
                + money(booking.amount()) + ", " + booking.status() + ", for " + date(booking.travelDate());
    }

    /** Days of the trip with nothing planned, as ranges: "3, 5–8". */
    static String freeDays(TripContext trip) {
        Set<Integer> planned = byDay(trip).keySet();
        List<String> ranges = new ArrayList<>();
        int length = lengthInDays(trip);
        int day = 1;
        while (day <= length) {
            if (planned.contains(day)) {
                day++;
                continue;
            }
            int from = day;
            while (day + 1 <= length && !planned.contains(day + 1)) {
                day++;
            }
            ranges.add(from == day ? Integer.toString(from) : from + "–" + day);
            day++;
        }
        return String.join(", ", ranges);
    }

    /** The trip as text, for a model that reads it: every fact the planner answers from. */
    static String describe(TripContext trip) {
        StringBuilder text = new StringBuilder();
        text.append("Trip: ").append(trip.title()).append('\n');
        text.append("Destination: ").append(trip.destination()).append('\n');
        text.append("Dates: ")
                .append(date(trip.startDate()))
                .append(" to ")
                .append(date(trip.endDate()))
                .append(" (")
                .append(lengthInDays(trip))
                .append(" days)\n");
        text.append("Type: ")
                .append(trip.tripType())
                .append("; status: ")
                .append(trip.status())
                .append('\n');
        if (trip.description() != null && !trip.description().isBlank()) {
            text.append("Description: ").append(trip.description()).append('\n');
        }
        Budget budget = budget(trip);
        text.append("Budget: ")
                .append(trip.budget() == null ? "none set" : money(trip.budget()))
                .append('\n');
        text.append("Bookings:\n");
        if (trip.bookings().isEmpty()) {
            text.append("- none\n");
        }
        trip.bookings().forEach(b -> text.append("- ").append(line(b)).append('\n'));
        budget.spent()
                .forEach((currency, spent) -> text.append("Spent in ")
                        .append(currency)
                        .append(": ")
                        .append(money(spent.amount()))
                        .append(" (")
                        .append(spent.count())
                        .append(" confirmed or pending bookings)\n"));
        if (budget.remaining() != null) {
            text.append("Remaining budget: ")
                    .append(money(budget.remaining()))
                    .append(budget.currency() == null ? "" : " " + budget.currency())
                    .append(" (")
                    .append(budget.assumption())
                    .append(")\n");
        }
        text.append("Itinerary:\n");
        if (trip.itinerary().isEmpty()) {
            text.append("- nothing planned yet\n");
        }
        byDay(trip).forEach((day, items) -> {
            text.append("Day ")
                    .append(day)
                    .append(" (")
                    .append(date(dateOf(trip, day)))
                    .append("):\n");
            items.forEach(item -> text.append("- ").append(line(item)).append('\n'));
        });
        return text.toString();
    }

    record Spent(BigDecimal amount, int count) {}

    /**
     * @param total the trip's budget, null if it has none
     * @param currency the currency the budget is taken to be in, null while nothing says
     * @param used what is subtracted from it
     * @param remaining total − used
     * @param notSubtracted spending in other currencies, e.g. "EUR 120.00"
     * @param assumption why the currency is what it is, in words
     */
    record Budget(
            BigDecimal total,
            String currency,
            BigDecimal used,
            BigDecimal remaining,
            Map<String, Spent> spent,
            List<String> notSubtracted,
            String assumption) {}
}
