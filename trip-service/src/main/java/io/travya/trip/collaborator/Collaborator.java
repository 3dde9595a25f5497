package io.travya.trip.collaborator;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
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

    Collaborator(UUID id, UUID tripId, UUID userId, UUID inviterId, CollaboratorRole role, Instant now) {
        this.id = id;
        this.tripId = tripId;
        this.userId = userId;
        this.inviterId = inviterId;
        this.role = role;
        this.status = InvitationStatus.PENDING;
        this.invitedAt = now;
    }

    void reinvite(UUID inviterId, CollaboratorRole role, Instant now) {
        this.inviterId = inviterId;
        this.role = role;
        this.status = InvitationStatus.PENDING;
        this.invitedAt = now;
        this.acceptedAt = null;
    }

    void accept(Instant now) {
        this.status = InvitationStatus.ACCEPTED;
        this.acceptedAt = now;
    }

    void decline() {
        this.status = InvitationStatus.DECLINED;
    }

    void changeRole(CollaboratorRole role) {
        this.role = role;
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
