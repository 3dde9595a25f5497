package io.travya.booking.booking;

import io.travya.events.TripEvent;
import io.travya.events.TripEventType;
import io.travya.tripaccess.TripEventHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes a trip's bookings when the trip is deleted. The replica calls this once per trip version,
 * in the transaction that records the deletion, so a TripDeleted delivered twice deletes once.
 */
@Component
class TripDeletionCascade implements TripEventHook {

    private static final Logger log = LoggerFactory.getLogger(TripDeletionCascade.class);

    private final Bookings bookings;

    TripDeletionCascade(Bookings bookings) {
        this.bookings = bookings;
    }

    @Override
    public void applied(TripEvent event) {
        if (event.getEventType() == TripEventType.TripDeleted) {
            int deleted = bookings.deleteAllOfTrip(event.getAggregateId(), event.getActorId());
            if (deleted > 0) {
                log.info("Trip {} was deleted: {} of its bookings deleted with it", event.getAggregateId(), deleted);
            }
        }
    }
}
