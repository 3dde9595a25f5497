package io.travya.conversation.tripcontext;

import static io.travya.platform.test.TestEvents.item;
import static io.travya.platform.test.TestEvents.itinerary;
import static org.assertj.core.api.Assertions.assertThat;

import io.travya.conversation.tripcontext.TripContext.ItineraryEntry;
import io.travya.events.BookingEvent;
import io.travya.events.ItineraryItem;
import io.travya.events.Trip;
import io.travya.events.TripEvent;
import io.travya.events.TripEventType;
import io.travya.platform.test.TestEvents.BookingHistory;
import io.travya.platform.test.TestEvents.TripHistory;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.tripaccess.TripAccessReplica;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The trip context the assistant answers from, kept from trip and booking events: each applied only
 * if it is newer than what is held, so redelivered and late events change nothing.
 */
@TravyaIntegrationTest
class TripContextTest {

    @Autowired
    TripAccessReplica replica;

    @Autowired
    TripBookings bookings;

    @Autowired
    TripContexts contexts;

    @Test
    void theTripAndItsItineraryFollowItsEventsAndAnOlderEventDeliveredLateChangesNothing() {
        theTripAndItsItineraryFollowItsEvents(events -> events.forEach(replica::apply));
    }

    /** The same events, each list one poll of the topic: the replica and its hooks write them in batches. */
    @Test
    void theSameHoldsWhenAPollBringsTheEventsTogether() {
        theTripAndItsItineraryFollowItsEvents(replica::applyAll);
    }

    private void theTripAndItsItineraryFollowItsEvents(Consumer<List<TripEvent>> poll) {
        TripHistory trip = new TripHistory(UUID.randomUUID());
        ItineraryItem walk = item(trip.tripId(), 1, "Walk", null, null, null, List.of());
        ItineraryItem museum =
                item(trip.tripId(), 2, "Museum", LocalTime.of(10, 0), null, "MAAT", List.of("architecture"));
        TripEvent created = trip.created();
        TripEvent walkAdded = itinerary(trip, TripEventType.ItineraryItemAdded, walk);
        TripEvent museumAdded = itinerary(trip, TripEventType.ItineraryItemAdded, museum);
        TripEvent walkMoved = itinerary(
                trip,
                TripEventType.ItineraryItemUpdated,
                ItineraryItem.newBuilder(walk).setDay(3).build());
        TripEvent museumRemoved = itinerary(trip, TripEventType.ItineraryItemRemoved, museum);
        TripEvent renamed = trip.updated(Trip.newBuilder(trip.trip())
                .setTitle("Lisbon and Porto")
                .setBudget(new BigDecimal("3100.00"))
                .build());

        poll.accept(List.of(created, walkAdded, museumAdded, walkMoved, museumRemoved, renamed));
        // late and repeated: the museum added again, the walk on its first day, the old title
        poll.accept(List.of(museumAdded, walkAdded, created, renamed));

        TripContext context = contexts.find(trip.tripId()).orElseThrow();
        assertThat(context.title()).isEqualTo("Lisbon and Porto");
        assertThat(context.budget()).isEqualByComparingTo("3100.00");
        assertThat(context.destination()).isEqualTo("Lisbon, Portugal");
        assertThat(context.startDate()).isEqualTo(LocalDate.of(2027, 5, 1));
        assertThat(context.itinerary())
                .extracting(ItineraryEntry::title, ItineraryEntry::day)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Walk", 3));
    }

    @Test
    void aBookingEventOlderThanWhatIsHeldOrDeliveredAgainChangesNothingAndADeletedBookingStaysDeleted() {
        TripHistory trip = new TripHistory(UUID.randomUUID());
        replica.apply(trip.created());
        BookingHistory hotel =
                new BookingHistory(trip.tripId(), "hotel", "Hotel Avenida", "600.00", "EUR", LocalDate.of(2027, 5, 1));
        BookingEvent created = hotel.created();
        BookingEvent repriced = hotel.repriced("640.00");

        assertThat(bookings.apply(created)).isTrue();
        assertThat(bookings.apply(repriced)).isTrue();
        assertThat(bookings.apply(created)).as("older, delivered late").isFalse();
        assertThat(bookings.apply(repriced)).as("the same, delivered again").isFalse();
        assertThat(contexts.find(trip.tripId()).orElseThrow().bookings())
                .singleElement()
                .satisfies(b -> assertThat(b.amount()).isEqualByComparingTo("640.00"));

        assertThat(bookings.apply(hotel.deleted())).isTrue();
        assertThat(bookings.apply(repriced)).isFalse();
        assertThat(contexts.find(trip.tripId()).orElseThrow().bookings()).isEmpty();
    }

    @Test
    void aDeletedTripKeepsNoContextAndTakesNoNewBookings() {
        TripHistory trip = new TripHistory(UUID.randomUUID());
        replica.apply(trip.created());
        BookingHistory flight =
                new BookingHistory(trip.tripId(), "flight", "TAP", "180.50", "EUR", LocalDate.of(2027, 5, 1));
        bookings.apply(flight.created());

        replica.apply(trip.deleted());
        boolean keptLateBooking = bookings.apply(flight.confirmed());

        assertThat(keptLateBooking).isFalse();
        assertThat(contexts.find(trip.tripId())).isEmpty();
    }
}
