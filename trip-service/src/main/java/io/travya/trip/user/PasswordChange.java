package io.travya.trip.user;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** POST /api/v1/users/me/password */
record PasswordChange(
        @NotBlank @Size(max = 128) @Schema(format = "password", example = "correct horse battery")
        String currentPassword,

        @NotNull
        @Size(min = 8, max = 128)
        @Schema(
                format = "password",
                description = "8 to 128 characters and at most 72 bytes in UTF-8 (what bcrypt reads); a longer one is "
                        + "refused (422), never cut",
                example = "a new, longer secret")
        String newPassword) {}
