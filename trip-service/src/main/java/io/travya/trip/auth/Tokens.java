package io.travya.trip.auth;

/** What a login or a refresh answers. */
record Tokens(String accessToken, String tokenType, long expiresIn, String refreshToken) {

    static Tokens bearer(String accessToken, long expiresIn, String refreshToken) {
        return new Tokens(accessToken, "bearer", expiresIn, refreshToken);
    }
}
