package io.travya.trip.user;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** A user as the API shows it: never the password hash. */
public record UserView(
        UUID id,

        @Schema(format = "email", example = "ada@example.com")
        String email,

        @Schema(example = "ada") String username,
        @Schema(nullable = true, example = "Ada Lovelace") String fullName,
        boolean isActive,

        @Schema(description = "An administrator: may list, deactivate and activate users")
        boolean isSuperuser,

        Instant createdAt,
        Instant updatedAt) {

    public static UserView of(User user) {
        return new UserView(
                user.getId(),
                user.getEmail(),
                user.getUsername(),
                user.getFullName(),
                user.isActive(),
                user.isSuperuser(),
                user.getCreatedAt(),
                user.getUpdatedAt());
    }
}
