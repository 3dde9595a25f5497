package io.travya.trip.trip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.travya.events.TripEventType;
import io.travya.platform.web.ApiException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which event each change to a trip causes, and which changes a trip refuses. No Spring, no database. */
class TripTest {

    private static final Instant CREATED = Instant.parse("2026-03-01T09:00:00Z");
    private static final Instant LATER = Instant.parse("2026-03-02T09:00:00Z");
    private static final TripDetails LISBON = new TripDetails(
            "Lisbon",
            "Lisbon, Portugal",
            LocalDate.of(2026, 5, 1),
            LocalDate.of(2026, 5, 8),
            new BigDecimal("2500.00"),
            null,
            TripType.LEISURE);

    @Test
    void aNewTripIsPlannedAndCreated() {
        var planned = Trip.plan(UUID.randomUUID(), UUID.randomUUID(), LISBON, CREATED);

        assertThat(planned.event()).isEqualTo(TripEventType.TripCreated);
        assertThat(planned.aggregate().getStatus()).isEqualTo(TripStatus.PLANNED);
        assertThat(planned.aggregate().getUpdatedAt()).isEqualTo(CREATED);
    }

    @Test
    void aChangeOfItsFieldsIsTripUpdated() {
        Trip trip = trip();

        var event = trip.apply(withTitle("Lisbon and Porto"), TripStatus.PLANNED, LATER);

        assertThat(event).contains(TripEventType.TripUpdated);
        assertThat(trip.getTitle()).isEqualTo("Lisbon and Porto");
        assertThat(trip.getUpdatedAt()).isEqualTo(LATER);
    }

    @Test
    void aChangeOfStatusIsTripStatusChangedInsteadOfTripUpdated() {
        Trip trip = trip();

        assertThat(trip.apply(LISBON, TripStatus.IN_PROGRESS, LATER)).contains(TripEventType.TripStatusChanged);
        assertThat(trip.getStatus()).isEqualTo(TripStatus.IN_PROGRESS);
    }

    @Test
    void aChangeOfStatusTogetherWithOtherFieldsIsStillTripStatusChangedAndCarriesThemAll() {
        Trip trip = trip();

        var event = trip.apply(withTitle("Lisbon, at last"), TripStatus.IN_PROGRESS, LATER);

        assertThat(event).contains(TripEventType.TripStatusChanged);
        assertThat(trip.getTitle()).isEqualTo("Lisbon, at last");
        assertThat(trip.getStatus()).isEqualTo(TripStatus.IN_PROGRESS);
    }

    @Test
    void aChangeThatChangesNothingCausesNoEvent() {
        Trip trip = trip();

        assertThat(trip.apply(LISBON, TripStatus.PLANNED, LATER)).isEmpty();
        assertThat(trip.getUpdatedAt()).isEqualTo(CREATED);
    }

    @Test
    void aCompletedTripCannotGoBackToPlanned() {
        Trip trip = trip();
        trip.apply(LISBON, TripStatus.IN_PROGRESS, LATER);
        trip.apply(LISBON, TripStatus.COMPLETED, LATER);

        assertThatThrownBy(() -> trip.apply(withTitle("Again"), TripStatus.PLANNED, LATER))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status().value()).isEqualTo(409))
                .hasMessageContaining("cannot change from completed to planned");
        assertThat(trip.getTitle()).isEqualTo("Lisbon");
    }

    @Test
    void aPlannedTripCannotSkipToCompleted() {
        assertThatThrownBy(() -> trip().apply(LISBON, TripStatus.COMPLETED, LATER))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void deletingATripIsTripDeleted() {
        assertThat(trip().delete()).isEqualTo(TripEventType.TripDeleted);
    }

    private static Trip trip() {
        return Trip.plan(UUID.randomUUID(), UUID.randomUUID(), LISBON, CREATED).aggregate();
    }

    private static TripDetails withTitle(String title) {
        return new TripDetails(
                title,
                LISBON.destination(),
                LISBON.startDate(),
                LISBON.endDate(),
                LISBON.budget(),
                LISBON.description(),
                LISBON.tripType());
    }
}
