package io.travya.trip.auth;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** POST /api/v1/auth/refresh and /logout. */
record RefreshRequest(
        @NotBlank @Size(max = 200) @Schema(example = "p7N1q0m4Xw8b2kR9sT5vY3zA6cE1gH0j")
        String refreshToken) {}
