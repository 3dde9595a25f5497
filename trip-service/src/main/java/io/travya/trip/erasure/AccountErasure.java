package io.travya.trip.erasure;

import io.travya.trip.collaborator.Collaborators;
import io.travya.trip.trip.Trips;
import io.travya.trip.user.Users;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Erases an account, in one transaction: the trips the user owns are deleted as their owner would
 * delete them (TripDeleted, so booking- and conversation-service delete their bookings and
 * conversations, and the read models drop them), the user leaves every trip they were invited to
 * (CollaboratorRemoved, so the replicas stop granting them access), and their row, with their email,
 * username, full name and password hash, is deleted, UserErased being its last event (so the other
 * services refuse the user's tokens at once). Their sessions end when it commits.
 */
@Service
class AccountErasure {

    private final Users users;
    private final Trips trips;
    private final Collaborators collaborators;

    AccountErasure(Users users, Trips trips, Collaborators collaborators) {
        this.users = users;
        this.trips = trips;
        this.collaborators = collaborators;
    }

    /** The user erases their own account, having given its password again. */
    @Transactional
    void eraseOwn(UUID userId, String currentPassword) {
        users.lockForErasure(userId);
        users.requirePassword(userId, currentPassword);
        erase(userId, userId);
    }

    /** An administrator erases someone's account (the caller has checked that they are one). */
    @Transactional
    void eraseAsAdministrator(UUID userId, UUID administrator) {
        users.lockForErasure(userId);
        erase(userId, administrator);
    }

    private void erase(UUID userId, UUID actor) {
        // the user's own trips first: the invitations they sent go with them
        trips.deleteAllOwnedBy(userId, actor);
        collaborators.removeEverywhere(userId, actor);
        users.erase(userId, actor);
    }
}
