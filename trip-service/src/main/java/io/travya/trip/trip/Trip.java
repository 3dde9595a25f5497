package io.travya.trip.trip;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
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

    public Trip(UUID id, UUID ownerId, TripDetails details, Instant now) {
        this.id = id;
        this.ownerId = ownerId;
        this.status = TripStatus.PLANNED;
        apply(details);
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Replaces the editable fields; the caller has checked the rules. */
    public void apply(TripDetails details) {
        this.title = details.title();
        this.destination = details.destination();
        this.startDate = details.startDate();
        this.endDate = details.endDate();
        this.budget = details.budget();
        this.description = details.description();
        this.tripType = details.tripType();
    }

    public void changeStatus(TripStatus next) {
        this.status = next;
    }

    public void touch(Instant now) {
        this.updatedAt = now;
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
