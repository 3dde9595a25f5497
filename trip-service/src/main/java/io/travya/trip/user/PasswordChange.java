package io.travya.trip.user;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** POST /api/v1/users/me/password */
record PasswordChange(
        @NotBlank @Size(max = 128) @Schema(format = "password", example = "correct horse battery")
        String currentPassword,

        @Schema(
                format = "password",
                description = Users.NEW_PASSWORD_RULES,
                minLength = 8,
                maxLength = Users.PASSWORD_MAX_BYTES,
                example = "a new, longer secret")
        @NotNull
        @Size(min = 8)
        @MaxUtf8Bytes(Users.PASSWORD_MAX_BYTES)
        String newPassword) {}
