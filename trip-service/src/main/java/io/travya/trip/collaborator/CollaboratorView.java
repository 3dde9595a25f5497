package io.travya.trip.collaborator;

import java.time.Instant;
import java.util.UUID;

/** A collaborator with who they are, for the people who share the trip. */
record CollaboratorView(
        UUID id,
        UUID tripId,
        UUID userId,
        String username,
        String fullName,
        UUID inviterId,
        CollaboratorRole role,
        InvitationStatus status,
        Instant invitedAt,
        Instant acceptedAt) {}
