package io.travya.platform.security;

import java.util.UUID;

/** Who is calling: the user id from the access token, and whether they administer Travya. */
public record Caller(UUID id, boolean superuser) {

    public static final String SUPERUSER_CLAIM = "is_superuser";
}
