package io.travya.trip.collaborator;

import io.travya.events.TripEventType;
import io.travya.platform.security.Caller;
import io.travya.platform.web.ApiException;
import io.travya.trip.Times;
import io.travya.trip.access.TripPermissions;
import io.travya.trip.access.TripRole;
import io.travya.trip.trip.Trip;
import io.travya.trip.trip.TripEvents;
import io.travya.trip.trip.TripRepository;
import io.travya.trip.user.User;
import io.travya.trip.user.UserRepository;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Inviting people to a trip and what follows: accepting, declining, changing roles, leaving. Only the
 * owner invites, changes roles and removes others; only the invitee answers an invitation. Every
 * change is a new version of the trip, published with the full collaborator list.
 */
@Service
public class Collaborators {

    private final CollaboratorRepository collaborators;
    private final TripRepository trips;
    private final UserRepository users;
    private final TripPermissions permissions;
    private final TripEvents events;
    private final JdbcClient jdbc;
    private final Clock clock;

    Collaborators(
            CollaboratorRepository collaborators,
            TripRepository trips,
            UserRepository users,
            TripPermissions permissions,
            TripEvents events,
            JdbcClient jdbc,
            Clock clock) {
        this.collaborators = collaborators;
        this.trips = trips;
        this.users = users;
        this.permissions = permissions;
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    Collaborator invite(Caller caller, UUID tripId, Invitation invitation) {
        permissions.requireOwner(tripId, caller, "invite collaborators");
        User invitee = invitee(invitation);
        Trip trip = trips.lockForChange(tripId).orElseThrow(() -> ApiException.notFound("Trip"));
        if (invitee.getId().equals(trip.getOwnerId())) {
            throw ApiException.invalid(field(invitation), "names the trip's owner, who is already on the trip");
        }
        Optional<Collaborator> existing = collaborators.findByTripIdAndUserId(tripId, invitee.getId());
        Collaborator collaborator;
        TripEventType invited;
        if (existing.isPresent()) {
            collaborator = existing.get();
            if (collaborator.getStatus() != InvitationStatus.DECLINED) {
                throw ApiException.conflict(
                        field(invitation),
                        collaborator.getStatus() == InvitationStatus.PENDING
                                ? "has already been invited"
                                : "is already a collaborator");
            }
            invited = collaborator.reinvite(caller.id(), invitation.role(), Times.now(clock));
        } else {
            var first = Collaborator.invite(
                    UUID.randomUUID(), tripId, invitee.getId(), caller.id(), invitation.role(), Times.now(clock));
            collaborator = first.aggregate();
            invited = first.event();
        }
        return publish(invited, collaborators.saveAndFlush(collaborator), trip, caller);
    }

    @Transactional
    Collaborator accept(Caller caller, UUID tripId, UUID collaboratorId) {
        Collaborator invitation = ownInvitation(caller, tripId, collaboratorId);
        Trip trip = trips.lockForChange(tripId).orElseThrow(() -> ApiException.notFound("Invitation"));
        TripEventType accepted = invitation.accept(Times.now(clock));
        return publish(accepted, collaborators.saveAndFlush(invitation), trip, caller);
    }

    @Transactional
    Collaborator decline(Caller caller, UUID tripId, UUID collaboratorId) {
        Collaborator invitation = ownInvitation(caller, tripId, collaboratorId);
        Trip trip = trips.lockForChange(tripId).orElseThrow(() -> ApiException.notFound("Invitation"));
        TripEventType declined = invitation.decline();
        return publish(declined, collaborators.saveAndFlush(invitation), trip, caller);
    }

    @Transactional
    Collaborator changeRole(Caller caller, UUID tripId, UUID collaboratorId, CollaboratorRole role) {
        permissions.requireOwner(tripId, caller, "change collaborators' roles");
        Collaborator collaborator = collaborators
                .findByIdAndTripId(collaboratorId, tripId)
                .orElseThrow(() -> ApiException.notFound("Collaborator"));
        Optional<TripEventType> changed = collaborator.changeRole(role);
        if (changed.isEmpty()) {
            // nothing changes, so neither does the trip's version
            return collaborator;
        }
        Trip trip = trips.lockForChange(tripId).orElseThrow(() -> ApiException.notFound("Trip"));
        return publish(changed.get(), collaborators.saveAndFlush(collaborator), trip, caller);
    }

    /** The owner removes a collaborator, or a collaborator leaves. */
    @Transactional
    void remove(Caller caller, UUID tripId, UUID collaboratorId) {
        Optional<TripRole> role = permissions.roleOf(tripId, caller.id());
        Collaborator collaborator = collaborators
                .findByIdAndTripId(collaboratorId, tripId)
                .filter(c -> role.isPresent() || c.getUserId().equals(caller.id()))
                .orElseThrow(() -> ApiException.notFound("Collaborator"));
        boolean leaving = collaborator.getUserId().equals(caller.id());
        if (!leaving && role.orElseThrow() != TripRole.OWNER) {
            throw ApiException.forbidden("Only the trip's owner may remove collaborators");
        }
        Trip trip = trips.lockForChange(tripId).orElseThrow(() -> ApiException.notFound("Trip"));
        TripEventType removed = collaborator.remove();
        collaborators.delete(collaborator);
        collaborators.flush();
        trips.flush();
        events.publish(removed, trip, caller.id(), null, state(collaborator));
    }

    /**
     * Takes the user off every trip they were invited to (pending, accepted or declined), each removal a
     * CollaboratorRemoved of its trip, so that the trip's readers stop granting them access; and every
     * invitation they sent, which only the owner of a trip can have done (run after their own trips
     * are deleted, there are none left). Part of the account's erasure: the database would otherwise
     * delete these rows with the account's, without their events.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void removeEverywhere(UUID userId, UUID actor) {
        List<UUID> ids = jdbc.sql("""
                        SELECT id FROM trip_collaborators WHERE user_id = :user OR inviter_id = :user
                        ORDER BY trip_id, id
                        """).param("user", userId).query(UUID.class).list();
        for (UUID id : ids) {
            Collaborator collaborator = collaborators.findById(id).orElseThrow();
            Trip trip = trips.lockForChange(collaborator.getTripId()).orElseThrow();
            TripEventType removed = collaborator.remove();
            collaborators.delete(collaborator);
            collaborators.flush();
            trips.flush();
            events.publish(removed, trip, actor, null, state(collaborator));
        }
    }

    @Transactional(readOnly = true)
    List<CollaboratorView> list(Caller caller, UUID tripId) {
        permissions.requireRead(tripId, caller);
        return jdbc.sql("""
                        SELECT c.id, c.trip_id, c.user_id, u.username, u.full_name, c.inviter_id, c.role, c.status,
                               c.invited_at, c.accepted_at
                        FROM trip_collaborators c JOIN users u ON u.id = c.user_id
                        WHERE c.trip_id = ? ORDER BY c.invited_at, c.id
                        """)
                .param(tripId)
                .query((rs, n) -> new CollaboratorView(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getObject(6, UUID.class),
                        CollaboratorRole.of(rs.getString(7)),
                        InvitationStatus.of(rs.getString(8)),
                        rs.getTimestamp(9).toLocalDateTime().toInstant(ZoneOffset.UTC),
                        rs.getTimestamp(10) == null
                                ? null
                                : rs.getTimestamp(10).toLocalDateTime().toInstant(ZoneOffset.UTC)))
                .list();
    }

    @Transactional(readOnly = true)
    List<InvitationView> pendingInvitations(Caller caller) {
        return jdbc.sql("""
                        SELECT c.id, t.id, t.title, t.destination, t.start_date, t.end_date, c.inviter_id, u.username,
                               c.role, c.invited_at
                        FROM trip_collaborators c
                        JOIN trips t ON t.id = c.trip_id
                        JOIN users u ON u.id = c.inviter_id
                        WHERE c.user_id = ? AND c.status = 'pending'
                        ORDER BY c.invited_at DESC, c.id
                        """)
                .param(caller.id())
                .query((rs, n) -> new InvitationView(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getObject(5, java.time.LocalDate.class),
                        rs.getObject(6, java.time.LocalDate.class),
                        rs.getObject(7, UUID.class),
                        rs.getString(8),
                        CollaboratorRole.of(rs.getString(9)),
                        rs.getTimestamp(10).toLocalDateTime().toInstant(ZoneOffset.UTC)))
                .list();
    }

    /** The caller's own invitation; 404 for anyone else's. */
    private Collaborator ownInvitation(Caller caller, UUID tripId, UUID collaboratorId) {
        return collaborators
                .findByIdAndTripId(collaboratorId, tripId)
                .filter(c -> c.getUserId().equals(caller.id()))
                .orElseThrow(() -> ApiException.notFound("Invitation"));
    }

    private User invitee(Invitation invitation) {
        boolean byEmail = invitation.email() != null && !invitation.email().isBlank();
        boolean byUsername =
                invitation.username() != null && !invitation.username().isBlank();
        if (byEmail == byUsername) {
            throw ApiException.invalid("email", "or username is required, not both");
        }
        String login =
                byEmail ? invitation.email().trim() : invitation.username().trim();
        return users.findByLogin(login)
                .filter(user -> byEmail
                        ? user.getEmail().equalsIgnoreCase(login)
                        : user.getUsername().equalsIgnoreCase(login))
                .filter(User::isActive)
                .orElseThrow(() -> ApiException.invalid(field(invitation), "names no active user"));
    }

    private static String field(Invitation invitation) {
        return invitation.email() != null && !invitation.email().isBlank() ? "email" : "username";
    }

    private Collaborator publish(TripEventType type, Collaborator collaborator, Trip trip, Caller caller) {
        trips.flush();
        events.publish(type, trip, caller.id(), null, state(collaborator));
        return collaborator;
    }

    private static io.travya.events.Collaborator state(Collaborator collaborator) {
        return io.travya.events.Collaborator.newBuilder()
                .setId(collaborator.getId())
                .setTripId(collaborator.getTripId())
                .setUserId(collaborator.getUserId())
                .setInviterId(collaborator.getInviterId())
                .setRole(collaborator.getRole().value())
                .setStatus(collaborator.getStatus().value())
                .setInvitedAt(collaborator.getInvitedAt())
                .setAcceptedAt(collaborator.getAcceptedAt())
                .build();
    }
}
