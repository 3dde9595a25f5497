package io.travya.trip.collaborator;

import io.travya.events.TripEventType;
import io.travya.platform.events.Changed;
import io.travya.platform.web.ApiException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Someone invited to a trip (the seed's trip_collaborators): pending until they accept or decline. */
@Entity
@Table(name = "trip_collaborators")
public class Collaborator {

    @Id
    private UUID id;

    @Column(name = "trip_id")
    private UUID tripId;

    @Column(name = "user_id")
    private UUID userId;

    @Column(name = "inviter_id")
    private UUID inviterId;

    private CollaboratorRole role;
    private InvitationStatus status;

    @Column(name = "invited_at")
    private Instant invitedAt;

    @Column(name = "accepted_at")
    private Instant acceptedAt;

    protected Collaborator() {}

    private Collaborator(UUID id, UUID tripId, UUID userId, UUID inviterId, CollaboratorRole role, Instant now) {
        this.id = id;
        this.tripId = tripId;
        this.userId = userId;
        this.inviterId = inviterId;
        this.role = role;
        this.status = InvitationStatus.PENDING;
        this.invitedAt = now;
    }

    /** A first invitation to the trip, waiting for an answer: CollaboratorInvited. */
    static Changed<Collaborator, TripEventType> invite(
            UUID id, UUID tripId, UUID userId, UUID inviterId, CollaboratorRole role, Instant now) {
        return new Changed<>(
                new Collaborator(id, tripId, userId, inviterId, role, now), TripEventType.CollaboratorInvited);
    }

    /** Invites someone again who declined: CollaboratorInvited, as the first time. */
    TripEventType reinvite(UUID inviterId, CollaboratorRole role, Instant now) {
        this.inviterId = inviterId;
        this.role = role;
        this.status = InvitationStatus.PENDING;
        this.invitedAt = now;
        this.acceptedAt = null;
        return TripEventType.CollaboratorInvited;
    }

    /** @throws ApiException 409 unless the invitation still waits for an answer */
    TripEventType accept(Instant now) {
        requirePending();
        this.status = InvitationStatus.ACCEPTED;
        this.acceptedAt = now;
        return TripEventType.CollaboratorAccepted;
    }

    /** @throws ApiException 409 unless the invitation still waits for an answer */
    TripEventType decline() {
        requirePending();
        this.status = InvitationStatus.DECLINED;
        return TripEventType.CollaboratorDeclined;
    }

    /** CollaboratorRoleChanged, or nothing if they already have that role. */
    Optional<TripEventType> changeRole(CollaboratorRole role) {
        if (this.role == role) {
            return Optional.empty();
        }
        this.role = role;
        return Optional.of(TripEventType.CollaboratorRoleChanged);
    }

    /** The owner removes them, or they leave: CollaboratorRemoved. The caller deletes the row. */
    TripEventType remove() {
        return TripEventType.CollaboratorRemoved;
    }

    private void requirePending() {
        if (status != InvitationStatus.PENDING) {
            throw ApiException.conflict("status", "the invitation is already " + status);
        }
    }

    public UUID getId() {
        return id;
    }

    public UUID getTripId() {
        return tripId;
    }

    public UUID getUserId() {
        return userId;
    }

    public UUID getInviterId() {
        return inviterId;
    }

    public CollaboratorRole getRole() {
        return role;
    }

    public InvitationStatus getStatus() {
        return status;
    }

    public Instant getInvitedAt() {
        return invitedAt;
    }

    public Instant getAcceptedAt() {
        return acceptedAt;
    }
}
