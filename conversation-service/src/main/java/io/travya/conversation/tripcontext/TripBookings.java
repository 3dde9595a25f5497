package io.travya.conversation.tripcontext;

import io.travya.events.Booking;
import io.travya.events.BookingEvent;
import io.travya.events.BookingEventType;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps each trip's bookings from travya.bookings (keyed by trip id, so a trip's bookings arrive in
 * order). A booking event is applied only if its version is newer than the one held; a deleted
 * booking stays as a tombstone, so an older event delivered late cannot bring it back.
 */
@Component
class TripBookings {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    TripBookings(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @KafkaListener(
            id = "${spring.application.name}.trip-bookings",
            topics = "${travya.events.topic-prefix}.bookings",
            groupId = "${travya.consumer.group-prefix:}${spring.application.name}.trip-bookings",
            concurrency = "${travya.trip-context.concurrency:2}")
    void on(BookingEvent event) {
        apply(event);
    }

    /** True if the event was newer than what is held, and applied. */
    public boolean apply(BookingEvent event) {
        return Boolean.TRUE.equals(transactions.execute(tx -> applyInTransaction(event)));
    }

    private boolean applyInTransaction(BookingEvent event) {
        // the trip's access row, locked against its deletion meanwhile: a booking of a trip that is
        // gone is not kept (the trip's deletion removed the others)
        Optional<Boolean> tripDeleted = jdbc.sql("SELECT deleted FROM trip_access WHERE trip_id = ? FOR SHARE")
                .param(event.getTripId())
                .query(Boolean.class)
                .optional();
        if (tripDeleted.orElse(false)) {
            return false;
        }
        Booking booking = event.getBooking();
        return jdbc.sql("""
                                INSERT INTO trip_booking (id, trip_id, version, booking_type, provider, amount, currency,
                                    booking_date, travel_date, status, deleted)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                                ON CONFLICT (id) DO UPDATE SET trip_id = EXCLUDED.trip_id, version = EXCLUDED.version,
                                    booking_type = EXCLUDED.booking_type, provider = EXCLUDED.provider,
                                    amount = EXCLUDED.amount, currency = EXCLUDED.currency,
                                    booking_date = EXCLUDED.booking_date, travel_date = EXCLUDED.travel_date,
                                    status = EXCLUDED.status, deleted = EXCLUDED.deleted
                                WHERE trip_booking.version < EXCLUDED.version
                                """)
                        .params(
                                event.getAggregateId(),
                                event.getTripId(),
                                event.getAggregateVersion(),
                                booking.getBookingType(),
                                booking.getProvider(),
                                booking.getAmount(),
                                booking.getCurrency().toUpperCase(Locale.ROOT),
                                booking.getBookingDate(),
                                booking.getTravelDate(),
                                booking.getStatus(),
                                event.getEventType() == BookingEventType.BookingDeleted)
                        .update()
                == 1;
    }
}
