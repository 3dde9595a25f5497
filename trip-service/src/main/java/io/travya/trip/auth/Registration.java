package io.travya.trip.auth;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** POST /api/v1/auth/register */
record Registration(
        @NotBlank @Email @Size(max = 255) @Schema(example = "ada@example.com")
        String email,

        @NotBlank
        @Size(min = 3, max = 50)
        @Pattern(regexp = "[A-Za-z0-9_.-]+", message = "may contain only letters, digits, '_', '.' and '-'")
        @Schema(example = "ada")
        String username,

        @NotNull
        @Size(min = 8, max = 128)
        @Schema(
                format = "password",
                description = "8 to 128 characters and at most 72 bytes in UTF-8 (what bcrypt reads); a longer one is "
                        + "refused (422), never cut",
                example = "correct horse battery")
        String password,

        @Size(max = 100) @Schema(nullable = true, example = "Ada Lovelace")
        String fullName) {}
