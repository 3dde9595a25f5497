package io.travya.conversation.conversation;

import io.travya.events.ConversationEventType;
import io.travya.platform.events.Changed;
import io.travya.platform.web.ApiException;
import io.travya.tripaccess.TripRole;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Optional;
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

    private Conversation(UUID id, UUID tripId, String title, UUID createdBy, Instant now) {
        this.id = id;
        this.tripId = tripId;
        this.title = title;
        this.active = true;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** A new, active conversation about a trip: ConversationStarted. */
    static Changed<Conversation, ConversationEventType> start(
            UUID id, UUID tripId, String title, UUID createdBy, Instant now) {
        return new Changed<>(
                new Conversation(id, tripId, title, createdBy, now), ConversationEventType.ConversationStarted);
    }

    /**
     * Whether someone with this role on the trip may rename, archive or delete the conversation:
     * whoever started it, and the trip's owner. Everyone who may see the trip reads it and writes in
     * it, but nobody else changes what they did not create.
     */
    public boolean mayBeChangedBy(UUID user, TripRole role) {
        return role == TripRole.OWNER || createdBy.equals(user);
    }

    /** Renames, archives or restores it: ConversationUpdated, or nothing if nothing changed. */
    Optional<ConversationEventType> change(String newTitle, Boolean newActive, Instant now) {
        boolean changed = false;
        if (newTitle != null && !newTitle.equals(title)) {
            title = newTitle;
            changed = true;
        }
        if (newActive != null && newActive != active) {
            active = newActive;
            changed = true;
        }
        if (!changed) {
            return Optional.empty();
        }
        updatedAt = now;
        return Optional.of(ConversationEventType.ConversationUpdated);
    }

    /**
     * A user's message, at the next position: MessagePosted. The caller holds the conversation's row
     * lock.
     *
     * @throws ApiException 409 if the conversation is archived
     */
    Changed<Message, ConversationEventType> post(String content, MessageType type, UUID userId, Instant now) {
        if (!active) {
            throw ApiException.conflict("The conversation is archived; restore it to write in it");
        }
        return new Changed<>(
                Message.fromUser(id, nextMessage(now), content, type, userId, now),
                ConversationEventType.MessagePosted);
    }

    /**
     * The assistant's or the system's reply to a user's message, at the next position: MessagePosted.
     * An archived conversation still gets the answer to a question asked before it was archived.
     */
    Changed<Message, ConversationEventType> reply(
            Message question, SenderType sender, String content, MessageType type, Instant now) {
        return new Changed<>(
                Message.replyTo(question, nextMessage(now), sender, content, type, now),
                ConversationEventType.MessagePosted);
    }

    /** Its deletion with its messages, by a user or with its trip: ConversationDeleted. */
    ConversationEventType delete() {
        return ConversationEventType.ConversationDeleted;
    }

    private long nextMessage(Instant now) {
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
