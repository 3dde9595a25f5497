package io.travya.trip.collaborator;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** POST /api/v1/trips/{id}/collaborators: whom to invite, by email or by username, and as what. */
record Invitation(
        @Email @Size(max = 255) String email,
        @Size(min = 1, max = 50) String username,
        @NotNull CollaboratorRole role) {}
