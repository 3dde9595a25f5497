package io.travya.trip.collaborator;

import jakarta.validation.constraints.NotNull;

/** PATCH /api/v1/trips/{id}/collaborators/{collaborator_id} */
record RoleChange(@NotNull CollaboratorRole role) {}
