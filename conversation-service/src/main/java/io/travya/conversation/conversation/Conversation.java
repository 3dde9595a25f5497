package io.travya.conversation.conversation;

import io.travya.platform.access.TripRole;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * A conversation about a trip: the aggregate its messages belong to. Its version increments with
 * every change, each new message included; it is the ETag and every conversation event's
 * aggregate_version.
 */
@Entity
@Table(name = "conversations")
public class Conversation {

    @Id
    private UUID id;

    @Column(name = "trip_id")
    private UUID tripId;

    private String title;

    @Column(name = "is_active")
    private boolean active;

    @Column(name = "created_by")
    private UUID createdBy;

    @Column(name = "message_count")
    private long messageCount;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Version
    private Long version;

    protected Conversation() {}

    public Conversation(UUID id, UUID tripId, String title, UUID createdBy, Instant now) {
        this.id = id;
        this.tripId = tripId;
        this.title = title;
        this.active = true;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /**
     * Whether someone with this role on the trip may rename, archive or delete the conversation:
     * whoever started it, and the trip's owner. Everyone who may see the trip reads it and writes in
     * it, but nobody else changes what they did not create.
     */
    public boolean mayBeChangedBy(UUID user, TripRole role) {
        return role == TripRole.OWNER || createdBy.equals(user);
    }

    /** Renames or archives it; true if anything changed. */
    boolean change(String newTitle, Boolean newActive, Instant now) {
        boolean changed = false;
        if (newTitle != null && !newTitle.equals(title)) {
            title = newTitle;
            changed = true;
        }
        if (newActive != null && newActive != active) {
            active = newActive;
            changed = true;
        }
        if (changed) {
            updatedAt = now;
        }
        return changed;
    }

    /** Takes the next position for a new message; the caller holds the conversation's row lock. */
    long nextMessage(Instant now) {
        messageCount++;
        updatedAt = now;
        return messageCount;
    }

    public UUID getId() {
        return id;
    }

    public UUID getTripId() {
        return tripId;
    }

    public String getTitle() {
        return title;
    }

    public boolean isActive() {
        return active;
    }

    public UUID getCreatedBy() {
        return createdBy;
    }

    public long getMessageCount() {
        return messageCount;
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
