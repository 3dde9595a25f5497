package io.travya.conversation;

import io.travya.events.Booking;
import io.travya.events.BookingEvent;
import io.travya.events.ItineraryItem;
import io.travya.events.TripEvent;
import io.travya.platform.test.TestEvents.TripHistory;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Itinerary and booking events as trip-service and booking-service publish them, for tests. */
public final class TripDetails {

    private TripDetails() {}

    public static ItineraryItem item(
            UUID tripId,
            int day,
            String title,
            LocalTime start,
            LocalTime end,
            String location,
            List<String> activities) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return ItineraryItem.newBuilder()
                .setId(UUID.randomUUID())
                .setTripId(tripId)
                .setDay(day)
                .setTitle(title)
                .setDescription(null)
                .setActivities(List.copyOf(activities))
                .setStartTime(start)
                .setEndTime(end)
                .setLocation(location)
                .setCreatedAt(now)
                .setUpdatedAt(now)
                .build();
    }

    /** The next version of the trip, about one of its itinerary items (added, updated or removed). */
    public static TripEvent itinerary(TripHistory trip, String type, ItineraryItem item) {
        return TripEvent.newBuilder(trip.updated(trip.trip()))
                .setEventType(type)
                .setItineraryItem(item)
                .build();
    }

    /** A booking, one version at a time, as booking-service would publish it. */
    public static final class BookingHistory {

        private final UUID id = UUID.randomUUID();
        private final UUID tripId;
        private Booking booking;
        private long version = -1;

        public BookingHistory(
                UUID tripId, String type, String provider, String amount, String currency, LocalDate travelDate) {
            this.tripId = tripId;
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            this.booking = Booking.newBuilder()
                    .setId(id)
                    .setTripId(tripId)
                    .setBookingType(type)
                    .setProvider(provider)
                    .setConfirmationNumber("C-" + id.toString().substring(0, 8))
                    .setAmount(new BigDecimal(amount))
                    .setCurrency(currency)
                    .setBookingDate(travelDate.minusMonths(2))
                    .setTravelDate(travelDate)
                    .setStatus("pending")
                    .setCreatedAt(now)
                    .setUpdatedAt(now)
                    .build();
        }

        public BookingEvent created() {
            return next("BookingCreated");
        }

        public BookingEvent confirmed() {
            booking = Booking.newBuilder(booking).setStatus("confirmed").build();
            return next("BookingConfirmed");
        }

        public BookingEvent cancelled() {
            booking = Booking.newBuilder(booking).setStatus("cancelled").build();
            return next("BookingCancelled");
        }

        public BookingEvent repriced(String amount) {
            booking = Booking.newBuilder(booking)
                    .setAmount(new BigDecimal(amount))
                    .build();
            return next("BookingUpdated");
        }

        public BookingEvent deleted() {
            return next("BookingDeleted");
        }

        private BookingEvent next(String type) {
            version++;
            return BookingEvent.newBuilder()
                    .setEventId(UUID.randomUUID())
                    .setEventType(type)
                    .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                    .setAggregateId(id)
                    .setAggregateVersion(version)
                    .setActorId(null)
                    .setTripId(tripId)
                    .setBooking(booking)
                    .build();
        }
    }
}
