package io.travya.trip.readmodel;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.travya.platform.security.Caller;
import io.travya.platform.web.ApiException;
import io.travya.platform.web.CatchUp;
import io.travya.platform.web.ExpectedTripVersion;
import io.travya.trip.access.TripPermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
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

    /**
     * How long an overview request that names a trip version waits for the read models to reach it,
     * and how many such requests wait at once.
     */
    private static final Duration CATCH_UP = Duration.ofSeconds(2);

    private static final int MAX_WAITING = 16;

    private final ReadModels readModels;
    private final TripPermissions permissions;
    private final CatchUp catchUp = new CatchUp(CATCH_UP, MAX_WAITING);

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
     * The overview of a trip the caller may read, as the read models hold it now. A client that has
     * just changed the trip names the version it got (header Travya-Trip-Version, the trip's ETag) and
     * gets an overview that includes it: the request waits (briefly) for the change to arrive through
     * Kafka, and answers 503 with Retry-After if it has not. Without the header nothing waits; a trip
     * the read models do not hold yet is 503 as well.
     */
    @GetMapping("/api/v1/trips/{id}/overview")
    @Parameter(
            name = ExpectedTripVersion.HEADER,
            in = ParameterIn.HEADER,
            description = "The trip version (its ETag) the overview must include; the request waits up to 2 s for it",
            schema = @Schema(type = "string", example = "\"3\""))
    @Operation(
            operationId = "getTripOverview",
            summary = "A trip at a glance",
            description = "The trip, its itinerary, collaborators, bookings, budget and conversations, from the read "
                    + "models. A client that has just changed the trip sends the version trip-service gave it in "
                    + "the Travya-Trip-Version header: the request then waits up to 2 s for the read models to reach "
                    + "that version. Without the header it answers at once, 503 if the read models do not hold the "
                    + "trip yet.")
    @ApiResponse(responseCode = "200", description = "The overview", useReturnTypeSchema = true)
    @ApiResponse(
            responseCode = "503",
            description = "The read models do not hold the trip (at the version asked for) yet, or are being "
                    + "rebuilt; retry after the seconds Retry-After gives",
            headers =
                    @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = "integer")))
    TripOverview overview(Caller caller, @PathVariable UUID id) {
        permissions.requireRead(id, caller);
        OptionalLong expected = ExpectedTripVersion.ofCurrentRequest();
        long atLeast = expected.orElse(0);
        Optional<TripOverview> overview = expected.isEmpty()
                ? readModels.overview(id, atLeast)
                : catchUp.until(() -> readModels.overview(id, atLeast), Optional::isPresent);
        return overview.orElseThrow(() -> new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                expected.isEmpty()
                        ? "The overview does not hold this trip yet; retry in a moment"
                        : "The overview has not caught up with version " + atLeast + " of the trip yet;"
                                + " retry in a moment",
                List.of()));
    }
}
