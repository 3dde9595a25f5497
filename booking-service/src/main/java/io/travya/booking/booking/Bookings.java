package io.travya.booking.booking;

import io.travya.events.BookingEventType;
import io.travya.platform.security.Caller;
import io.travya.platform.web.ApiException;
import io.travya.platform.web.PageQuery;
import io.travya.tripaccess.TripAccess;
import io.travya.tripaccess.TripRole;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bookings, authorised from the replica of trip access: owner and editors change a trip's bookings,
 * viewers read them, anyone else is told they do not exist.
 */
@Service
public class Bookings {

    /** The answer to a POST: the booking as first created, replayed when its Idempotency-Key comes again. */
    public record Created(UUID bookingId, int status, String body, boolean replayed) {}

    private final BookingRepository bookings;
    private final BookingSearch search;
    private final BookingEvents events;
    private final IdempotencyKeys keys;
    private final TripAccess access;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;

    Bookings(
            BookingRepository bookings,
            BookingSearch search,
            BookingEvents events,
            IdempotencyKeys keys,
            TripAccess access,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            JsonMapper json,
            Clock clock) {
        this.bookings = bookings;
        this.search = search;
        this.events = events;
        this.keys = keys;
        this.access = access;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Creates a booking, or, for an Idempotency-Key this caller has used before with the same request,
     * answers what it answered then.
     */
    public Created create(Caller caller, String idempotencyKey, NewBooking request) {
        // outside the transaction: a trip the replica has not seen yet is waited for without holding
        // a database connection
        access.requireWrite(request.tripId(), caller);
        BookingDetails details = request.details();
        BookingStatus status = request.initialStatus();
        String fingerprint =
                IdempotencyKeys.fingerprint(json.writeValueAsString(new Object[] {request.tripId(), details, status}));
        return transactions.execute(tx -> {
            holdTripAgainstDeletion(request.tripId());
            if (idempotencyKey != null) {
                var earlier = keys.find(caller.id(), idempotencyKey);
                if (earlier.isPresent()) {
                    return replay(earlier.get(), fingerprint);
                }
            }
            var recorded = Booking.record(UUID.randomUUID(), request.tripId(), details, status, now());
            Booking booking = bookings.saveAndFlush(recorded.aggregate());
            events.changed(recorded.event(), booking, caller.id());
            IdempotencyKeys.Use use = new IdempotencyKeys.Use(
                    fingerprint, booking.getId(), 201, json.writeValueAsString(BookingView.of(booking)));
            if (idempotencyKey != null && !keys.remember(caller.id(), idempotencyKey, use)) {
                // a request with the same key committed while this one ran: its booking is the one
                tx.setRollbackOnly();
                return replay(keys.find(caller.id(), idempotencyKey).orElseThrow(), fingerprint);
            }
            return new Created(use.bookingId(), use.status(), use.body(), false);
        });
    }

    @Transactional(readOnly = true)
    public Booking get(Caller caller, UUID id) {
        Booking booking = bookings.findById(id).orElseThrow(() -> ApiException.notFound("Booking"));
        roleOn(booking, caller);
        return booking;
    }

    public BookingList list(Caller caller, BookingFilter filter, PageQuery page) {
        access.requireRead(filter.tripId(), caller);
        return transactions.execute(tx -> search.find(filter, page));
    }

    /** Applies a merge patch; a status in it follows the same transitions as confirm, cancel and refund. */
    @Transactional
    public Booking update(Caller caller, UUID id, BookingChanges changes) {
        Booking booking = lockForChange(caller, id);
        Optional<BookingEventType> changed = booking.update(
                changes.applyTo(booking.details()), changes.requestedStatus().orElse(booking.getStatus()), now());
        if (changed.isEmpty()) {
            return booking;
        }
        return save(booking, changed.get(), caller);
    }

    /** confirm, cancel or refund. */
    @Transactional
    public Booking changeStatus(Caller caller, UUID id, BookingStatus next) {
        Booking booking = lockForChange(caller, id);
        return save(booking, booking.changeStatus(next, now()), caller);
    }

    @Transactional
    public void delete(Caller caller, UUID id) {
        Booking booking = lockForChange(caller, id);
        events.deleted(booking.delete(), booking, caller.id());
        bookings.delete(booking);
        bookings.flush();
    }

    /**
     * The seed's ON DELETE CASCADE, done by event: removes a deleted trip's bookings, each with its
     * BookingDeleted, in the transaction in which the replica applies the trip's deletion, and the
     * Idempotency-Keys they were created with (whose stored answer is the booking itself): nothing of
     * a deleted trip stays, as when its owner's account is erased.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int deleteAllOfTrip(UUID tripId, UUID actor) {
        var doomed = bookings.lockAllOfTrip(tripId);
        for (Booking booking : doomed) {
            events.deleted(booking.delete(), booking, actor);
        }
        keys.forget(doomed.stream().map(Booking::getId).toList());
        bookings.deleteAll(doomed);
        bookings.flush();
        return doomed.size();
    }

    private Booking lockForChange(Caller caller, UUID id) {
        Booking booking = bookings.lockForChange(id).orElseThrow(() -> ApiException.notFound("Booking"));
        if (!roleOn(booking, caller).mayWrite()) {
            throw ApiException.forbidden("Viewers may read this trip's bookings but not change them");
        }
        return booking;
    }

    private Booking save(Booking booking, BookingEventType eventType, Caller caller) {
        Booking saved = bookings.saveAndFlush(booking);
        events.changed(eventType, saved, caller.id());
        return saved;
    }

    /** A booking under a trip the caller may not see does not exist for them. */
    private TripRole roleOn(Booking booking, Caller caller) {
        return access.roleOf(booking.getTripId(), caller.id()).orElseThrow(() -> ApiException.notFound("Booking"));
    }

    /**
     * Takes a share lock on the trip's row in the replica until the booking is committed. The replica
     * marks a trip deleted by updating that row, so a deletion either waits for this booking (and its
     * cascade then removes it) or has already happened (and the trip is gone): a booking can never be
     * left behind under a deleted trip.
     */
    private void holdTripAgainstDeletion(UUID tripId) {
        boolean present = jdbc.sql("SELECT trip_id FROM trip_access WHERE trip_id = ? AND NOT deleted FOR SHARE")
                .param(tripId)
                .query(UUID.class)
                .optional()
                .isPresent();
        if (!present) {
            throw ApiException.notFound("Trip");
        }
    }

    private Created replay(IdempotencyKeys.Use earlier, String fingerprint) {
        if (!earlier.fingerprint().equals(fingerprint)) {
            throw ApiException.invalid("Idempotency-Key", "was already used with a different request");
        }
        return new Created(earlier.bookingId(), earlier.status(), earlier.body(), true);
    }

    private Instant now() {
        // PostgreSQL keeps microseconds: rows, answers and events then agree to the last digit
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
