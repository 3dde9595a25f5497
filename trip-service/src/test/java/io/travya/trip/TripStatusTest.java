package io.travya.trip;

import static io.travya.trip.trip.TripStatus.CANCELLED;
import static io.travya.trip.trip.TripStatus.COMPLETED;
import static io.travya.trip.trip.TripStatus.IN_PROGRESS;
import static io.travya.trip.trip.TripStatus.PLANNED;
import static org.assertj.core.api.Assertions.assertThat;

import io.travya.trip.trip.TripStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TripStatusTest {

    @ParameterizedTest(name = "{0} → {1}: {2}")
    @CsvSource({
        "PLANNED, IN_PROGRESS, true",
        "PLANNED, CANCELLED, true",
        "PLANNED, COMPLETED, false",
        "IN_PROGRESS, COMPLETED, true",
        "IN_PROGRESS, CANCELLED, true",
        "IN_PROGRESS, PLANNED, false",
        "COMPLETED, CANCELLED, false",
        "COMPLETED, PLANNED, false",
        "COMPLETED, IN_PROGRESS, false",
        "CANCELLED, PLANNED, false",
        "CANCELLED, IN_PROGRESS, false",
        "CANCELLED, COMPLETED, false",
        "PLANNED, PLANNED, true",
        "COMPLETED, COMPLETED, true"
    })
    void aTripMayMakeOnlyTheSeedsTransitions(TripStatus from, TripStatus to, boolean allowed) {
        assertThat(from.mayBecome(to)).isEqualTo(allowed);
    }

    @org.junit.jupiter.api.Test
    void finishedTripsGoNowhere() {
        assertThat(COMPLETED.allowedNext()).isEmpty();
        assertThat(CANCELLED.allowedNext()).isEmpty();
        assertThat(PLANNED.allowedNext()).containsExactlyInAnyOrder(IN_PROGRESS, CANCELLED);
    }
}
