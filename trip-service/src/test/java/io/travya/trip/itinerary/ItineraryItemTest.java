package io.travya.trip.itinerary;

import static org.assertj.core.api.Assertions.assertThat;

import io.travya.events.TripEventType;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which event each change to an itinerary item causes. No Spring, no database. */
class ItineraryItemTest {

    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
    private static final ItineraryDetails BELEM = new ItineraryDetails(
            1, "Belém", null, List.of("tower", "pastéis"), LocalTime.of(9, 0), LocalTime.of(12, 0), "Belém");

    @Test
    void addingAnItemIsItineraryItemAdded() {
        assertThat(ItineraryItem.add(UUID.randomUUID(), UUID.randomUUID(), BELEM, NOW)
                        .event())
                .isEqualTo(TripEventType.ItineraryItemAdded);
    }

    @Test
    void changingAnItemIsItineraryItemUpdatedAndChangingNothingNoEvent() {
        ItineraryItem item = ItineraryItem.add(UUID.randomUUID(), UUID.randomUUID(), BELEM, NOW)
                .aggregate();
        ItineraryDetails dayTwo = new ItineraryDetails(
                2, BELEM.title(), null, BELEM.activities(), BELEM.startTime(), BELEM.endTime(), BELEM.location());

        assertThat(item.apply(BELEM, NOW)).isEmpty();
        assertThat(item.apply(dayTwo, NOW)).contains(TripEventType.ItineraryItemUpdated);
        assertThat(item.getDay()).isEqualTo(2);
    }

    @Test
    void removingAnItemIsItineraryItemRemoved() {
        assertThat(ItineraryItem.add(UUID.randomUUID(), UUID.randomUUID(), BELEM, NOW)
                        .aggregate()
                        .remove())
                .isEqualTo(TripEventType.ItineraryItemRemoved);
    }
}
