package io.travya.trip.trip;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Set;

/** The seed's TripStatus, with the transitions a trip may make. */
public enum TripStatus {
    PLANNED("planned"),
    IN_PROGRESS("in_progress"),
    COMPLETED("completed"),
    CANCELLED("cancelled");

    private final String value;

    TripStatus(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    /** planned → in_progress → completed; planned or in_progress → cancelled. */
    public boolean mayBecome(TripStatus next) {
        return next == this || allowedNext().contains(next);
    }

    public Set<TripStatus> allowedNext() {
        return switch (this) {
            case PLANNED -> Set.of(IN_PROGRESS, CANCELLED);
            case IN_PROGRESS -> Set.of(COMPLETED, CANCELLED);
            case COMPLETED, CANCELLED -> Set.of();
        };
    }

    public static TripStatus of(String value) {
        for (TripStatus status : values()) {
            if (status.value.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("Unknown trip status " + value);
    }

    @Override
    public String toString() {
        return value;
    }
}
