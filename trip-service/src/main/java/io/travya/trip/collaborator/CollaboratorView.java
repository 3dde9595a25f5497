package io.travya.trip.collaborator;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** A collaborator with who they are, for the people who share the trip. */
record CollaboratorView(
        UUID id,
        UUID tripId,
        UUID userId,
        @Schema(example = "grace") String username,
        @Schema(nullable = true, example = "Grace Hopper") String fullName,
        UUID inviterId,
        CollaboratorRole role,
        InvitationStatus status,
        Instant invitedAt,

        @Schema(nullable = true, description = "null until accepted")
        Instant acceptedAt) {}
