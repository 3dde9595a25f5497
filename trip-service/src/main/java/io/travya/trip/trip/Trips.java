package io.travya.trip.trip;

import io.travya.events.DateRange;
import io.travya.events.TripEventType;
import io.travya.platform.security.Caller;
import io.travya.platform.web.ApiException;
import io.travya.platform.web.ETags;
import io.travya.platform.web.FieldIssue;
import io.travya.platform.web.Patch;
import io.travya.trip.Times;
import io.travya.trip.access.TripPermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Creating, reading, changing and deleting trips, each change published as its event. */
@Service
public class Trips {

    private final TripRepository trips;
    private final TripPermissions permissions;
    private final TripEvents events;
    private final JdbcClient jdbc;
    private final Clock clock;

    Trips(TripRepository trips, TripPermissions permissions, TripEvents events, JdbcClient jdbc, Clock clock) {
        this.trips = trips;
        this.permissions = permissions;
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    public Trip create(Caller caller, TripDetails details) {
        var planned = Trip.plan(UUID.randomUUID(), caller.id(), details, Times.now(clock));
        Trip trip = trips.saveAndFlush(planned.aggregate());
        events.publish(planned.event(), trip, caller.id());
        return trip;
    }

    @Transactional(readOnly = true)
    public Trip get(Caller caller, UUID id) {
        permissions.requireRead(id, caller);
        return trips.findById(id).orElseThrow(() -> ApiException.notFound("Trip"));
    }

    /**
     * Applies a partial change. {@code expectedVersion} (from If-Match or the body) must be the
     * current version, so that a client never overwrites a change it has not seen.
     */
    @Transactional
    public Trip update(Caller caller, UUID id, TripPatch patch, Optional<Long> expectedVersion, boolean fromIfMatch) {
        permissions.requireWrite(id, caller);
        Trip trip = trips.findById(id).orElseThrow(() -> ApiException.notFound("Trip"));
        ETags.requireVersion(expectedVersion, trip.getVersion(), fromIfMatch, "trip");
        TripDetails current = trip.details();
        List<FieldIssue> issues = new ArrayList<>();
        TripDetails next = new TripDetails(
                Patch.required(patch.getTitle(), current.title(), "title", issues)
                        .trim(),
                Patch.required(patch.getDestination(), current.destination(), "destination", issues)
                        .trim(),
                Patch.required(patch.getStartDate(), current.startDate(), "start_date", issues),
                Patch.required(patch.getEndDate(), current.endDate(), "end_date", issues),
                Patch.clearable(patch.getBudget(), current.budget()),
                Patch.clearable(patch.getDescription(), current.description()),
                Patch.required(patch.getTripType(), current.tripType(), "trip_type", issues));
        TripStatus status = Patch.required(patch.getStatus(), trip.getStatus(), "status", issues);
        // a trip stored before the date rule, patched without its dates, must not carry them into an event
        requireCalendarDate(next.startDate(), "start_date", issues);
        requireCalendarDate(next.endDate(), "end_date", issues);
        if (issues.isEmpty() && !next.endDate().isAfter(next.startDate())) {
            issues.add(new FieldIssue("end_date", "must be after start_date"));
        }
        if (issues.isEmpty()) {
            int lastDay = (int) java.time.temporal.ChronoUnit.DAYS.between(next.startDate(), next.endDate()) + 1;
            Integer furthest = jdbc.sql("SELECT max(day) FROM itineraries WHERE trip_id = ?")
                    .param(id)
                    .query(Integer.class)
                    .optional()
                    .orElse(null);
            if (furthest != null && furthest > lastDay) {
                issues.add(new FieldIssue(
                        "end_date",
                        "would end the trip on day " + lastDay + " while its itinerary has items on day " + furthest));
            }
        }
        if (!issues.isEmpty()) {
            throw ApiException.unprocessable(issues);
        }
        Optional<TripEventType> changed = trip.apply(next, status, Times.now(clock));
        if (changed.isEmpty()) {
            return trip;
        }
        trips.saveAndFlush(trip);
        events.publish(changed.get(), trip, caller.id());
        return trip;
    }

    /**
     * Deletes the trip, its itinerary and its collaborators (the database cascades). The deletion is
     * itself a new version of the trip, so consumers apply it after everything that came before.
     */
    @Transactional
    public void delete(Caller caller, UUID id) {
        permissions.requireOwner(id, caller, "delete it");
        Trip trip = trips.lockForChange(id).orElseThrow(() -> ApiException.notFound("Trip"));
        delete(trip, caller.id());
    }

    /**
     * Deletes every trip the user owns, each exactly as {@link #delete(Caller, UUID)} does (TripDeleted,
     * the database's cascades), in the transaction of the account's erasure. In id order, so that two
     * transactions locking several trips cannot wait for each other.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void deleteAllOwnedBy(UUID ownerId, UUID actor) {
        List<UUID> owned = jdbc.sql("SELECT id FROM trips WHERE user_id = ? ORDER BY id")
                .param(ownerId)
                .query(UUID.class)
                .list();
        for (UUID id : owned) {
            trips.lockForChange(id).ifPresent(trip -> delete(trip, actor));
        }
    }

    private void delete(Trip trip, UUID actor) {
        trips.flush();
        events.publish(trip.delete(), trip, actor);
        trips.delete(trip);
        trips.flush();
    }

    private static void requireCalendarDate(java.time.LocalDate date, String field, List<FieldIssue> issues) {
        if (date != null && !DateRange.contains(date)) {
            issues.add(new FieldIssue(field, DateRange.RULE));
        }
    }
}
