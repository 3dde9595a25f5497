package io.travya.trip.trip;

import io.travya.events.TripEventType;
import io.travya.platform.events.Changed;
import io.travya.platform.web.ApiException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * A trip: the aggregate its itinerary and collaborators belong to. Its version increments with every
 * change to the trip, its itinerary or its collaborators; it is the ETag and every trip event's
 * aggregate_version.
 */
@Entity
@Table(name = "trips")
public class Trip {

    @Id
    private UUID id;

    private String title;
    private String destination;

    @Column(name = "start_date")
    private LocalDate startDate;

    @Column(name = "end_date")
    private LocalDate endDate;

    private BigDecimal budget;
    private String description;
    private TripStatus status;

    @Column(name = "trip_type")
    private TripType tripType;

    @Column(name = "user_id")
    private UUID ownerId;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Version
    private Long version;

    protected Trip() {}

    private Trip(UUID id, UUID ownerId, TripDetails details, Instant now) {
        this.id = id;
        this.ownerId = ownerId;
        this.status = TripStatus.PLANNED;
        assign(details);
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** A new trip, planned: TripCreated. */
    public static Changed<Trip, TripEventType> plan(UUID id, UUID ownerId, TripDetails details, Instant now) {
        return new Changed<>(new Trip(id, ownerId, details, now), TripEventType.TripCreated);
    }

    /**
     * Replaces the editable fields and the status (the caller has checked each field). A change that
     * includes a new status is TripStatusChanged, whatever else changed with it, any other change
     * TripUpdated, and no change at all nothing.
     *
     * @throws ApiException 409 if the trip's status may not become {@code nextStatus}
     */
    public Optional<TripEventType> apply(TripDetails details, TripStatus nextStatus, Instant now) {
        if (!status.mayBecome(nextStatus)) {
            // a well-formed request that the trip's current state refuses: a conflict, as for bookings
            throw ApiException.conflict(
                    "status",
                    "cannot change from " + status + " to " + nextStatus + "; allowed: " + status.allowedNext());
        }
        boolean statusChanged = nextStatus != status;
        if (!statusChanged && details.equals(details())) {
            return Optional.empty();
        }
        assign(details);
        this.status = nextStatus;
        this.updatedAt = now;
        return Optional.of(statusChanged ? TripEventType.TripStatusChanged : TripEventType.TripUpdated);
    }

    /** The trip's deletion, with its itinerary and collaborators: TripDeleted. The caller removes the row. */
    public TripEventType delete() {
        return TripEventType.TripDeleted;
    }

    private void assign(TripDetails details) {
        this.title = details.title();
        this.destination = details.destination();
        this.startDate = details.startDate();
        this.endDate = details.endDate();
        this.budget = details.budget();
        this.description = details.description();
        this.tripType = details.tripType();
    }

    /** Days of the trip, both ends included: itinerary days run from 1 to this. */
    public int lengthInDays() {
        return (int) ChronoUnit.DAYS.between(startDate, endDate) + 1;
    }

    public TripDetails details() {
        return new TripDetails(title, destination, startDate, endDate, budget, description, tripType);
    }

    public UUID getId() {
        return id;
    }

    public String getTitle() {
        return title;
    }

    public String getDestination() {
        return destination;
    }

    public LocalDate getStartDate() {
        return startDate;
    }

    public LocalDate getEndDate() {
        return endDate;
    }

    public BigDecimal getBudget() {
        return budget;
    }

    public String getDescription() {
        return description;
    }

    public TripStatus getStatus() {
        return status;
    }

    public TripType getTripType() {
        return tripType;
    }

    public UUID getOwnerId() {
        return ownerId;
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
