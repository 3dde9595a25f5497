package io.travya.trip.auth;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** POST /api/v1/auth/login: {@code username} is the username or the email. */
record Credentials(
        @NotBlank @Size(max = 255) @Schema(description = "The username or the email", example = "ada")
        String username,

        @NotBlank @Size(max = 128) @Schema(format = "password", example = "correct horse battery")
        String password) {}
