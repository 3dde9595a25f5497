package io.travya.trip.trip;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Trips", description = "Trips: the owner's and the accepted collaborators'")
class TripController {

    static final String ETAG = "The trip's version, quoted (`\"3\"`): send it back in If-Match to change the trip only "
            + "if no one else has changed it since";

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
    @Operation(
            operationId = "createTrip",
            summary = "Create a trip",
            description = "The caller owns it. `end_date` must not be before `start_date`; `trip_type` is leisure "
                    + "unless said otherwise; the trip starts planned. The per-user statistics count it once its "
                    + "event has come through Kafka, a few tens of milliseconds after the answer.")
    @ApiResponse(
            responseCode = "201",
            description = "Created",
            useReturnTypeSchema = true,
            headers = {
                @Header(name = "Location", description = "The trip's URL", schema = @Schema(type = "string")),
                @Header(name = "ETag", description = ETAG, schema = @Schema(type = "string"))
            })
    ResponseEntity<TripView> create(Caller caller, @Valid @RequestBody NewTrip request) {
        Trip trip = trips.create(caller, request.details());
        return ResponseEntity.created(URI.create("/api/v1/trips/" + trip.getId()))
                .eTag(Long.toString(trip.getVersion()))
                .body(TripView.of(trip));
    }

    @GetMapping
    @Operation(
            operationId = "searchTrips",
            summary = "Search my trips",
            description = "The trips the caller owns or collaborates on (accepted), newest first. Every criterion "
                    + "is optional and they combine.")
    @ApiResponse(responseCode = "200", description = "One page of trips", useReturnTypeSchema = true)
    Page<TripView> search(
            Caller caller,
            @Parameter(
                            description = "Part of the destination, any case",
                            schema = @Schema(maxLength = 255, example = "lisb"))
                    @RequestParam(required = false)
                    String destination,
            @Parameter(description = "Trips that start on or after this day")
                    @RequestParam(name = "start_date", required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    @CalendarDate
                    LocalDate startDate,
            @Parameter(description = "Trips that end on or before this day")
                    @RequestParam(name = "end_date", required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    @CalendarDate
                    LocalDate endDate,
            @Parameter(description = "Trips in this status") @RequestParam(required = false) TripStatus status,
            @Parameter(description = "Trips of this type") @RequestParam(name = "trip_type", required = false)
                    TripType tripType,
            @Valid PageQuery page) {
        if (destination != null && destination.length() > 255) {
            throw ApiException.invalid("destination", "must be at most 255 characters");
        }
        return search.search(caller, new TripSearch.Criteria(destination, startDate, endDate, status, tripType), page);
    }

    /** Served from the Redis cache when it holds the trip at its current version, else from the database. */
    @GetMapping("/{id}")
    @Operation(operationId = "getTrip", summary = "Get a trip")
    @ApiResponse(
            responseCode = "200",
            description = "The trip",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TripView.class)),
            headers = @Header(name = "ETag", description = ETAG, schema = @Schema(type = "string")))
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
    @Operation(
            operationId = "updateTrip",
            summary = "Change a trip",
            description = "Send only what changes; `budget` and `description` may be cleared with null. The owner "
                    + "and editors may change a trip. Status moves planned → in_progress → completed, and planned "
                    + "or in_progress → cancelled. To change it only if no one else has since you read it, send the "
                    + "ETag you got in If-Match (412 if it is no longer current), or its `version` in the body (409).")
    @ApiResponse(
            responseCode = "200",
            description = "The trip as changed",
            useReturnTypeSchema = true,
            headers = @Header(name = "ETag", description = ETAG, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "403", description = "The caller is a viewer of the trip")
    @ApiResponse(
            responseCode = "409",
            description = "`version` is not the trip's current version, the status cannot move as asked, or someone "
                    + "changed the trip at the same moment")
    @ApiResponse(responseCode = "412", description = "If-Match names a version that is no longer the trip's")
    ResponseEntity<TripView> update(
            Caller caller,
            @PathVariable UUID id,
            @Parameter(
                            description = "The trip's ETag as last read (`\"3\"` or `W/\"3\"`); `*` or nothing "
                                    + "changes whatever the version",
                            example = "\"0\"")
                    @RequestHeader(name = "If-Match", required = false)
                    String ifMatch,
            @Valid @RequestBody TripPatch patch) {
        Optional<Long> fromHeader = ETags.expectedVersion(ifMatch);
        Optional<Long> expected = fromHeader.isPresent() ? fromHeader : Optional.ofNullable(patch.getVersion());
        Trip trip = trips.update(caller, id, patch, expected, fromHeader.isPresent());
        return ResponseEntity.ok().eTag(Long.toString(trip.getVersion())).body(TripView.of(trip));
    }

    @DeleteMapping("/{id}")
    @Operation(
            operationId = "deleteTrip",
            summary = "Delete a trip",
            description = "Only the owner. Its itinerary and collaborators go with it; booking- and "
                    + "conversation-service delete the trip's bookings and conversations when its deletion "
                    + "reaches them.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "403", description = "The caller is not the trip's owner")
    ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id) {
        trips.delete(caller, id);
        return ResponseEntity.noContent().build();
    }
}
