package io.travya.trip.user;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** POST /api/v1/users/me/password */
record PasswordChange(
        @NotBlank @Size(max = 128) String currentPassword,
        @NotNull @Size(min = 8, max = 128) String newPassword) {}
