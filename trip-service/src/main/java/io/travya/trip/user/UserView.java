package io.travya.trip.user;

import java.time.Instant;
import java.util.UUID;

/** A user as the API shows it: never the password hash. */
public record UserView(
        UUID id,
        String email,
        String username,
        String fullName,
        boolean isActive,
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
