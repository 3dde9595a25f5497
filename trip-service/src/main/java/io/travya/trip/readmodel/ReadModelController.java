package io.travya.trip.readmodel;

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
class ReadModelController {

    /** How long an overview request waits for the read models to catch up with the trip's own version. */
    private static final Duration CATCH_UP = Duration.ofSeconds(2);

    private final ReadModels readModels;
    private final TripPermissions permissions;

    ReadModelController(ReadModels readModels, TripPermissions permissions) {
        this.readModels = readModels;
        this.permissions = permissions;
    }

    @GetMapping("/api/v1/trips/stats")
    TripStatistics statistics(Caller caller) {
        return readModels.statistics(caller.id());
    }

    /**
     * The overview of a trip the caller may read. It reflects at least the version of the trip the
     * database holds now: right after a change it waits (briefly) for the change to arrive, so a
     * client never reads an overview older than what it just wrote.
     */
    @GetMapping("/api/v1/trips/{id}/overview")
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
