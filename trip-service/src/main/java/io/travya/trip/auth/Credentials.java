package io.travya.trip.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** POST /api/v1/auth/login: {@code username} is the username or the email. */
record Credentials(
        @NotBlank @Size(max = 255) String username,
        @NotBlank @Size(max = 128) String password) {}
