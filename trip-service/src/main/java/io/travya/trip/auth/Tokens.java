package io.travya.trip.auth;

import io.swagger.v3.oas.annotations.media.Schema;

/** What a login or a refresh answers. */
record Tokens(
        @Schema(
                description = "A JWT (RS256) to send as `Authorization: Bearer …`",
                example = "eyJraWQiOiIyZjFjMGE5ZSIsImFsZyI6IlJTMjU2In0.eyJzdWIiOiI3YjQ0In0.c2lnbmF0dXJl")
        String accessToken,

        @Schema(allowableValues = "bearer", example = "bearer")
        String tokenType,

        @Schema(description = "Seconds until the access token expires", example = "900")
        long expiresIn,

        @Schema(
                description = "Works once, with POST /api/v1/auth/refresh or /logout",
                example = "p7N1q0m4Xw8b2kR9sT5vY3zA6cE1gH0j")
        String refreshToken) {

    static Tokens bearer(String accessToken, long expiresIn, String refreshToken) {
        return new Tokens(accessToken, "bearer", expiresIn, refreshToken);
    }
}
