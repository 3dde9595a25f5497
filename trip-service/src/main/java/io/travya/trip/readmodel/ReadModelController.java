package io.travya.trip.readmodel;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.travya.platform.security.Caller;
import io.travya.platform.web.ApiException;
import io.travya.trip.access.TripPermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(
        name = "Read models",
        description = "Figures kept in Redis from the events of all three services, read in one "
                + "round trip whatever the size of a user's history")
class ReadModelController {

    private static final String REBUILDING = "The read models are being built from the event log (after Redis lost "
            + "them); retry after the seconds Retry-After gives";

    /** How long an overview request waits for the read models to catch up with the trip's own version. */
    private static final Duration CATCH_UP = Duration.ofSeconds(2);

    private final ReadModels readModels;
    private final TripPermissions permissions;

    ReadModelController(ReadModels readModels, TripPermissions permissions) {
        this.readModels = readModels;
        this.permissions = permissions;
    }

    @GetMapping("/api/v1/trips/stats")
    @Operation(
            operationId = "getMyTripStatistics",
            summary = "My trip statistics",
            description = "Counted from the events: a change shows here a few tens of milliseconds after it was "
                    + "answered (eventually consistent).")
    @ApiResponse(responseCode = "200", description = "The caller's statistics", useReturnTypeSchema = true)
    @ApiResponse(
            responseCode = "503",
            description = REBUILDING,
            headers =
                    @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = "integer")))
    TripStatistics statistics(Caller caller) {
        return readModels.statistics(caller.id());
    }

    /**
     * The overview of a trip the caller may read. It reflects at least the version of the trip the
     * database holds now: right after a change it waits (briefly) for the change to arrive, so a
     * client never reads an overview older than what it just wrote.
     */
    @GetMapping("/api/v1/trips/{id}/overview")
    @Operation(
            operationId = "getTripOverview",
            summary = "A trip at a glance",
            description = "The trip, its itinerary, collaborators, bookings, budget and conversations. It reflects "
                    + "at least the trip's version in the database at the time of the request: right after a change "
                    + "it waits up to 2 s for the change to reach the read models (catch-up), then answers 503.")
    @ApiResponse(responseCode = "200", description = "The overview", useReturnTypeSchema = true)
    @ApiResponse(
            responseCode = "503",
            description = "The read models have not caught up with the trip's latest change within 2 s, or are "
                    + "being rebuilt; retry after the seconds Retry-After gives",
            headers =
                    @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = "integer")))
    TripOverview overview(Caller caller, @PathVariable UUID id) {
        permissions.requireRead(id, caller);
        long version = permissions.versionOf(id).orElseThrow(() -> ApiException.notFound("Trip"));
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        Optional<TripOverview> overview = readModels.overview(id, version);
        while (overview.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            overview = readModels.overview(id, version);
        }
        return overview.orElseThrow(() -> new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The overview has not caught up with the trip's latest change yet; retry in a moment",
                List.of()));
    }
}
