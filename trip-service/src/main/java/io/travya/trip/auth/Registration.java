package io.travya.trip.auth;

import io.swagger.v3.oas.annotations.media.Schema;
import io.travya.trip.user.MaxUtf8Bytes;
import io.travya.trip.user.Users;
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

        @Schema(
                format = "password",
                description = Users.NEW_PASSWORD_RULES,
                minLength = 8,
                maxLength = Users.PASSWORD_MAX_BYTES,
                example = "correct horse battery")
        @NotNull
        @Size(min = 8)
        @MaxUtf8Bytes(Users.PASSWORD_MAX_BYTES)
        String password,

        @Size(max = 100) @Schema(nullable = true, example = "Ada Lovelace")
        String fullName) {}
