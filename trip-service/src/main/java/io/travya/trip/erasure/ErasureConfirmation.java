package io.travya.trip.erasure;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;

/** The body of DELETE /api/v1/users/me: the account's password, given again. */
record ErasureConfirmation(
        @Schema(
                description = "The account's current password: erasing an account cannot be undone, so a"
                        + " stolen access token alone must not be enough.",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @Size(max = 128)
        String currentPassword) {}
