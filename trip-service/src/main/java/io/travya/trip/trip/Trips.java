package io.travya.trip.trip;

import io.travya.platform.security.Caller;
import io.travya.platform.web.ApiException;
import io.travya.trip.Times;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class Trips {

    private final TripRepository trips;
    private final TripEvents events;
    private final Clock clock;

    Trips(TripRepository trips, TripEvents events, Clock clock) {
        this.trips = trips;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public Trip create(Caller caller, TripDetails details) {
        Trip trip = trips.saveAndFlush(new Trip(UUID.randomUUID(), caller.id(), details, Times.now(clock)));
        events.publish("TripCreated", trip, caller.id());
        return trip;
    }

    @Transactional(readOnly = true)
    public Trip get(Caller caller, UUID id) {
        return trips.findById(id)
                .filter(trip -> trip.getOwnerId().equals(caller.id()))
                .orElseThrow(() -> ApiException.notFound("Trip"));
    }
}
