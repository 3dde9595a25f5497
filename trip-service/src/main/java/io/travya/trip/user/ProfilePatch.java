package io.travya.trip.user;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Optional;

/**
 * PATCH /api/v1/users/me: only the fields present change; full_name may be cleared with null.
 * A class so that Jackson can tell an absent field (null) from a JSON null (empty).
 */
class ProfilePatch {

    private Optional<@Pattern(regexp = ".*\\S.*", message = "must not be blank") @Email @Size(max = 255) String> email;
    private Optional<
                    @Size(min = 3, max = 50)
                    @Pattern(regexp = "[A-Za-z0-9_.-]+", message = "may contain only letters, digits, '_', '.' and '-'")
                    String>
            username;

    @Schema(nullable = true, description = "null clears it", example = "Ada King")
    private Optional<@Size(max = 100) String> fullName;

    public Optional<String> getEmail() {
        return email;
    }

    public Optional<String> getUsername() {
        return username;
    }

    public Optional<String> getFullName() {
        return fullName;
    }
}
