package io.travya.trip.itinerary;

import io.travya.events.TripEventType;
import io.travya.platform.events.Changed;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One entry of a trip's day-by-day itinerary (the seed's itineraries table). */
@Entity
@Table(name = "itineraries")
public class ItineraryItem {

    @Id
    private UUID id;

    @Column(name = "trip_id")
    private UUID tripId;

    private int day;
    private String title;
    private String description;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    private List<String> activities = new ArrayList<>();

    @Column(name = "start_time")
    private LocalTime startTime;

    @Column(name = "end_time")
    private LocalTime endTime;

    private String location;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    protected ItineraryItem() {}

    private ItineraryItem(UUID id, UUID tripId, ItineraryDetails details, Instant now) {
        this.id = id;
        this.tripId = tripId;
        assign(details, now);
        this.createdAt = now;
    }

    /** A new item of the trip's itinerary: ItineraryItemAdded. */
    static Changed<ItineraryItem, TripEventType> add(UUID id, UUID tripId, ItineraryDetails details, Instant now) {
        return new Changed<>(new ItineraryItem(id, tripId, details, now), TripEventType.ItineraryItemAdded);
    }

    /** Replaces its details: ItineraryItemUpdated, or nothing if they are the same. */
    Optional<TripEventType> apply(ItineraryDetails details, Instant now) {
        if (details.equals(details())) {
            return Optional.empty();
        }
        assign(details, now);
        return Optional.of(TripEventType.ItineraryItemUpdated);
    }

    /** Its removal from the itinerary: ItineraryItemRemoved. The caller deletes the row. */
    TripEventType remove() {
        return TripEventType.ItineraryItemRemoved;
    }

    private void assign(ItineraryDetails details, Instant now) {
        this.day = details.day();
        this.title = details.title();
        this.description = details.description();
        this.activities = new ArrayList<>(details.activities());
        this.startTime = details.startTime();
        this.endTime = details.endTime();
        this.location = details.location();
        this.updatedAt = now;
    }

    ItineraryDetails details() {
        return new ItineraryDetails(day, title, description, List.copyOf(activities), startTime, endTime, location);
    }

    public UUID getId() {
        return id;
    }

    public UUID getTripId() {
        return tripId;
    }

    public int getDay() {
        return day;
    }

    public String getTitle() {
        return title;
    }

    public String getDescription() {
        return description;
    }

    public List<String> getActivities() {
        return activities == null ? List.of() : List.copyOf(activities);
    }

    public LocalTime getStartTime() {
        return startTime;
    }

    public LocalTime getEndTime() {
        return endTime;
    }

    public String getLocation() {
        return location;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
