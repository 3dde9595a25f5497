package io.travya.trip.collaborator;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** POST /api/v1/trips/{id}/collaborators: whom to invite, by email or by username, and as what. */
record Invitation(
        @Email @Size(max = 255) @Schema(nullable = true, description = "The invitee's email, or else username")
        String email,

        @Size(min = 1, max = 50)
        @Schema(nullable = true, description = "The invitee's username, or else email", example = "grace")
        String username,

        @NotNull CollaboratorRole role) {}
