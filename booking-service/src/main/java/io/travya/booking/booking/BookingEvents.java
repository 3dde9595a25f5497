package io.travya.booking.booking;

import io.travya.events.BookingEvent;
import io.travya.events.BookingEventType;
import io.travya.platform.outbox.OutboxWriter;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Publishes, through the outbox, every change to a booking on travya.bookings, keyed by trip id so
 * that a trip's bookings keep their order. Each event carries the booking as it is after the change.
 */
@Component
class BookingEvents {

    private final OutboxWriter outbox;
    private final Clock clock;

    BookingEvents(OutboxWriter outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Call after the change is flushed, in its transaction, so the version is the new one, with the
     * type the booking returned.
     */
    void changed(BookingEventType type, Booking booking, UUID actor) {
        outbox.append(booking.getTripId(), event(type, booking, booking.getVersion(), actor));
    }

    /**
     * Call before the row is deleted. The deletion is a change of its own: it carries the version
     * after the last one, so that a consumer applying only newer versions does not drop it.
     */
    void deleted(BookingEventType type, Booking booking, UUID actor) {
        outbox.append(booking.getTripId(), event(type, booking, booking.getVersion() + 1, actor));
    }

    private BookingEvent event(BookingEventType type, Booking booking, long version, UUID actor) {
        return BookingEvent.newBuilder()
                .setEventId(UUID.randomUUID())
                .setEventType(type)
                .setOccurredAt(clock.instant().truncatedTo(ChronoUnit.MICROS))
                .setAggregateId(booking.getId())
                .setAggregateVersion(version)
                .setActorId(actor)
                .setTripId(booking.getTripId())
                .setBooking(io.travya.events.Booking.newBuilder()
                        .setId(booking.getId())
                        .setTripId(booking.getTripId())
                        .setBookingType(booking.getBookingType())
                        .setProvider(booking.getProvider())
                        .setConfirmationNumber(booking.getConfirmationNumber())
                        .setAmount(booking.getAmount())
                        .setCurrency(booking.getCurrency())
                        .setBookingDate(booking.getBookingDate())
                        .setTravelDate(booking.getTravelDate())
                        .setStatus(booking.getStatus().value())
                        .setCreatedAt(booking.getCreatedAt())
                        .setUpdatedAt(booking.getUpdatedAt())
                        .build())
                .build();
    }
}
