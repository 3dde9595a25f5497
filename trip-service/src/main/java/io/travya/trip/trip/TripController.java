package io.travya.trip.trip;

import io.travya.platform.security.Caller;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/trips")
class TripController {

    private final Trips trips;

    TripController(Trips trips) {
        this.trips = trips;
    }

    @PostMapping
    ResponseEntity<TripView> create(Caller caller, @Valid @RequestBody NewTrip request) {
        Trip trip = trips.create(caller, request.details());
        return ResponseEntity.created(URI.create("/api/v1/trips/" + trip.getId()))
                .eTag(Long.toString(trip.getVersion()))
                .body(TripView.of(trip));
    }

    @GetMapping("/{id}")
    ResponseEntity<TripView> get(Caller caller, @PathVariable UUID id) {
        Trip trip = trips.get(caller, id);
        return ResponseEntity.ok().eTag(Long.toString(trip.getVersion())).body(TripView.of(trip));
    }
}
