package io.travya.trip.trip;

import io.travya.platform.security.Caller;
import io.travya.platform.validation.CalendarDate;
import io.travya.platform.web.ApiException;
import io.travya.platform.web.ETags;
import io.travya.platform.web.Page;
import io.travya.platform.web.PageQuery;
import io.travya.trip.access.TripPermissions;
import io.travya.trip.readmodel.TripCache;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/trips")
class TripController {

    private final Trips trips;
    private final TripSearch search;
    private final TripPermissions permissions;
    private final TripCache cache;

    TripController(Trips trips, TripSearch search, TripPermissions permissions, TripCache cache) {
        this.trips = trips;
        this.search = search;
        this.permissions = permissions;
        this.cache = cache;
    }

    @PostMapping
    ResponseEntity<TripView> create(Caller caller, @Valid @RequestBody NewTrip request) {
        Trip trip = trips.create(caller, request.details());
        return ResponseEntity.created(URI.create("/api/v1/trips/" + trip.getId()))
                .eTag(Long.toString(trip.getVersion()))
                .body(TripView.of(trip));
    }

    @GetMapping
    Page<TripView> search(
            Caller caller,
            @RequestParam(required = false) String destination,
            @RequestParam(name = "start_date", required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    @CalendarDate
                    LocalDate startDate,
            @RequestParam(name = "end_date", required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    @CalendarDate
                    LocalDate endDate,
            @RequestParam(required = false) TripStatus status,
            @RequestParam(name = "trip_type", required = false) TripType tripType,
            @Valid PageQuery page) {
        if (destination != null && destination.length() > 255) {
            throw ApiException.invalid("destination", "must be at most 255 characters");
        }
        return search.search(caller, new TripSearch.Criteria(destination, startDate, endDate, status, tripType), page);
    }

    /** Served from the Redis cache when it holds the trip at its current version, else from the database. */
    @GetMapping("/{id}")
    ResponseEntity<?> get(Caller caller, @PathVariable UUID id) {
        TripPermissions.Access access = permissions.requireReadWithVersion(id, caller);
        var cached = cache.trip(id, access.version());
        if (cached.isPresent()) {
            return ResponseEntity.ok().eTag(Long.toString(access.version())).body(cached.get());
        }
        Trip trip = trips.get(caller, id);
        return ResponseEntity.ok().eTag(Long.toString(trip.getVersion())).body(TripView.of(trip));
    }

    @PatchMapping("/{id}")
    ResponseEntity<TripView> update(
            Caller caller,
            @PathVariable UUID id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody TripPatch patch) {
        Optional<Long> fromHeader = ETags.expectedVersion(ifMatch);
        Optional<Long> expected = fromHeader.isPresent() ? fromHeader : Optional.ofNullable(patch.getVersion());
        Trip trip = trips.update(caller, id, patch, expected, fromHeader.isPresent());
        return ResponseEntity.ok().eTag(Long.toString(trip.getVersion())).body(TripView.of(trip));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id) {
        trips.delete(caller, id);
        return ResponseEntity.noContent().build();
    }
}
