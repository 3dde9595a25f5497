package io.travya.trip.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** POST /api/v1/auth/refresh and /logout. */
record RefreshRequest(@NotBlank @Size(max = 200) String refreshToken) {}
