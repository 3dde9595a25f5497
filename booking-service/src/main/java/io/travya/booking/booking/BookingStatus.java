package io.travya.booking.booking;

import com.fasterxml.jackson.annotation.JsonValue;
import io.travya.events.BookingEventType;
import java.util.Set;

/** The seed's BookingStatus, with the transitions a booking may make. */
public enum BookingStatus {
    CONFIRMED("confirmed"),
    PENDING("pending"),
    CANCELLED("cancelled"),
    REFUNDED("refunded");

    private final String value;

    BookingStatus(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    /** pending → confirmed; pending or confirmed → cancelled; cancelled → refunded. Nothing else. */
    public Set<BookingStatus> allowedNext() {
        return switch (this) {
            case PENDING -> Set.of(CONFIRMED, CANCELLED);
            case CONFIRMED -> Set.of(CANCELLED);
            case CANCELLED -> Set.of(REFUNDED);
            case REFUNDED -> Set.of();
        };
    }

    public boolean mayBecome(BookingStatus next) {
        return allowedNext().contains(next);
    }

    /** The event that says a booking has just reached this status. */
    BookingEventType reachedBy() {
        return switch (this) {
            case CONFIRMED -> BookingEventType.BookingConfirmed;
            case CANCELLED -> BookingEventType.BookingCancelled;
            case REFUNDED -> BookingEventType.BookingRefunded;
            case PENDING -> throw new IllegalStateException("No booking ever returns to pending");
        };
    }

    public static BookingStatus of(String value) {
        for (BookingStatus status : values()) {
            if (status.value.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("Unknown booking status " + value);
    }

    @Override
    public String toString() {
        return value;
    }
}
