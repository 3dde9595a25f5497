package io.travya.booking.booking;

import io.travya.events.BookingEventType;
import io.travya.platform.events.Changed;
import io.travya.platform.web.ApiException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A booking made for a trip. Its version increments with every change and is the
 * aggregate_version of its events; the trip it belongs to never changes.
 */
@Entity
@Table(name = "bookings")
public class Booking {

    @Id
    private UUID id;

    @Column(name = "trip_id", updatable = false)
    private UUID tripId;

    @Column(name = "booking_type")
    private String bookingType;

    private String provider;

    @Column(name = "confirmation_number")
    private String confirmationNumber;

    private BigDecimal amount;
    private String currency;

    @Column(name = "booking_date")
    private LocalDate bookingDate;

    @Column(name = "travel_date")
    private LocalDate travelDate;

    private BookingStatus status;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Version
    private Long version;

    protected Booking() {}

    private Booking(UUID id, UUID tripId, BookingDetails details, BookingStatus status, Instant now) {
        this.id = id;
        this.tripId = tripId;
        this.status = status;
        assign(details);
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** A booking recorded for a trip, with the status the client gave: BookingCreated. */
    public static Changed<Booking, BookingEventType> record(
            UUID id, UUID tripId, BookingDetails details, BookingStatus status, Instant now) {
        return new Changed<>(new Booking(id, tripId, details, status, now), BookingEventType.BookingCreated);
    }

    /**
     * Applies a change of details and, if {@code requested} differs from the current status, of
     * status. A change that includes a new status is that status's event (BookingConfirmed,
     * BookingCancelled, BookingRefunded) whatever else changed with it, any other change
     * BookingUpdated, and no change at all nothing.
     *
     * @throws ApiException 422 if the travel date would come before the booking date, 409 if the
     *     booking's lifecycle does not allow the new status
     */
    public Optional<BookingEventType> update(BookingDetails details, BookingStatus requested, Instant now) {
        boolean detailsChanged = assign(details);
        boolean statusChanged = requested != status;
        if (statusChanged) {
            requireMayBecome(requested);
        }
        if (!detailsChanged && !statusChanged) {
            return Optional.empty();
        }
        this.status = requested;
        this.updatedAt = now;
        return Optional.of(statusChanged ? requested.reachedBy() : BookingEventType.BookingUpdated);
    }

    /** Replaces the editable fields; true if anything changed. */
    private boolean assign(BookingDetails details) {
        if (details.travelDate().isBefore(details.bookingDate())) {
            throw ApiException.invalid("travel_date", "must not be before booking_date");
        }
        if (details.equals(details())) {
            return false;
        }
        this.bookingType = details.bookingType();
        this.provider = details.provider();
        this.confirmationNumber = details.confirmationNumber();
        // DECIMAL(10,2) and the event's decimal(10,2) hold exactly two places; validation has made
        // sure no more were sent, so nothing is rounded away
        this.amount = details.amount().setScale(2, RoundingMode.UNNECESSARY);
        this.currency = details.currency();
        this.bookingDate = details.bookingDate();
        this.travelDate = details.travelDate();
        return true;
    }

    /**
     * Moves the booking to {@code next} if its lifecycle allows it: pending → confirmed, pending or
     * confirmed → cancelled, cancelled → refunded. Returns the event of the status reached.
     *
     * @throws ApiException 409 if the lifecycle does not allow it
     */
    public BookingEventType changeStatus(BookingStatus next, Instant now) {
        requireMayBecome(next);
        this.status = next;
        this.updatedAt = now;
        return next.reachedBy();
    }

    /** Its deletion, by a user or with its trip: BookingDeleted. The caller removes the row. */
    public BookingEventType delete() {
        return BookingEventType.BookingDeleted;
    }

    private void requireMayBecome(BookingStatus next) {
        if (!status.mayBecome(next)) {
            String allowed = status.allowedNext().isEmpty()
                    ? "a " + status + " booking is final"
                    : status.allowedNext().stream()
                            .map(BookingStatus::value)
                            .sorted()
                            .collect(Collectors.joining(" or ", "a " + status + " booking may only become ", ""));
            throw ApiException.conflict("status", "cannot change from " + status + " to " + next + ": " + allowed);
        }
    }

    public BookingDetails details() {
        return new BookingDetails(bookingType, provider, confirmationNumber, amount, currency, bookingDate, travelDate);
    }

    public UUID getId() {
        return id;
    }

    public UUID getTripId() {
        return tripId;
    }

    public String getBookingType() {
        return bookingType;
    }

    public String getProvider() {
        return provider;
    }

    public String getConfirmationNumber() {
        return confirmationNumber;
    }

    public BigDecimal getAmount() {
        return amount;
    }

    public String getCurrency() {
        return currency;
    }

    public LocalDate getBookingDate() {
        return bookingDate;
    }

    public LocalDate getTravelDate() {
        return travelDate;
    }

    public BookingStatus getStatus() {
        return status;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public long getVersion() {
        return version == null ? 0 : version;
    }
}
