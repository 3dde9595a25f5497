package io.travya.booking.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.travya.events.BookingEventType;
import io.travya.platform.web.ApiException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which event each change to a booking causes, and which changes a booking refuses. No Spring, no database. */
class BookingTest {

    private static final Instant CREATED = Instant.parse("2026-03-01T09:00:00Z");
    private static final Instant LATER = Instant.parse("2026-03-02T09:00:00Z");
    private static final BookingDetails FLIGHT = new BookingDetails(
            "flight",
            "TAP",
            "TP-123",
            new BigDecimal("420.00"),
            "EUR",
            LocalDate.of(2026, 3, 1),
            LocalDate.of(2026, 5, 1));

    @Test
    void recordingABookingIsBookingCreated() {
        var recorded = Booking.record(UUID.randomUUID(), UUID.randomUUID(), FLIGHT, BookingStatus.PENDING, CREATED);

        assertThat(recorded.event()).isEqualTo(BookingEventType.BookingCreated);
        assertThat(recorded.aggregate().getStatus()).isEqualTo(BookingStatus.PENDING);
    }

    @Test
    void newDetailsAreBookingUpdatedAndTheSameDetailsNothing() {
        Booking booking = pending();

        assertThat(booking.update(FLIGHT, BookingStatus.PENDING, LATER)).isEmpty();
        assertThat(booking.getUpdatedAt()).isEqualTo(CREATED);
        assertThat(booking.update(repriced("380.00"), BookingStatus.PENDING, LATER))
                .contains(BookingEventType.BookingUpdated);
        assertThat(booking.getUpdatedAt()).isEqualTo(LATER);
    }

    @Test
    void aChangeOfStatusIsThatStatussEventEvenWithNewDetails() {
        Booking booking = pending();

        assertThat(booking.update(repriced("380.00"), BookingStatus.CONFIRMED, LATER))
                .contains(BookingEventType.BookingConfirmed);
        assertThat(booking.getAmount()).isEqualByComparingTo("380.00");
    }

    @Test
    void eachStatusReachedHasItsOwnEvent() {
        Booking booking = pending();

        assertThat(booking.changeStatus(BookingStatus.CONFIRMED, LATER)).isEqualTo(BookingEventType.BookingConfirmed);
        assertThat(booking.changeStatus(BookingStatus.CANCELLED, LATER)).isEqualTo(BookingEventType.BookingCancelled);
        assertThat(booking.changeStatus(BookingStatus.REFUNDED, LATER)).isEqualTo(BookingEventType.BookingRefunded);
    }

    @Test
    void aConfirmedBookingCannotBeRefundedBeforeItIsCancelled() {
        Booking booking = pending();
        booking.changeStatus(BookingStatus.CONFIRMED, LATER);

        assertThatThrownBy(() -> booking.changeStatus(BookingStatus.REFUNDED, LATER))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status().value()).isEqualTo(409));
        assertThat(booking.getStatus()).isEqualTo(BookingStatus.CONFIRMED);
    }

    @Test
    void deletingABookingIsBookingDeleted() {
        assertThat(pending().delete()).isEqualTo(BookingEventType.BookingDeleted);
    }

    private static Booking pending() {
        return Booking.record(UUID.randomUUID(), UUID.randomUUID(), FLIGHT, BookingStatus.PENDING, CREATED)
                .aggregate();
    }

    private static BookingDetails repriced(String amount) {
        return new BookingDetails(
                FLIGHT.bookingType(),
                FLIGHT.provider(),
                FLIGHT.confirmationNumber(),
                new BigDecimal(amount),
                FLIGHT.currency(),
                FLIGHT.bookingDate(),
                FLIGHT.travelDate());
    }
}
