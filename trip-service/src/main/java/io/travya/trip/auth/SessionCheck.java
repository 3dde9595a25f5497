package io.travya.trip.auth;

import java.time.Instant;
import java.util.UUID;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Refuses, on every request, an access token whose session has ended (a logout) or that was issued
 * before the user's sessions were revoked (a password change), from the session store, which is
 * written before either change commits: trip-service refuses such a token at once, on every replica.
 * The other services learn the same from travya.users (trip-access's RefusedTokens).
 */
class SessionCheck implements OAuth2TokenValidator<Jwt> {

    private static final OAuth2Error ENDED = new OAuth2Error("invalid_token", "The session has ended", null);
    private static final OAuth2Error REVOKED =
            new OAuth2Error("invalid_token", "The token was issued before the user's sessions were revoked", null);

    private final RefreshTokens sessions;

    SessionCheck(RefreshTokens sessions) {
        this.sessions = sessions;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        UUID user;
        try {
            user = UUID.fromString(token.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            return OAuth2TokenValidatorResult.failure(
                    new OAuth2Error("invalid_token", "The token names no user", null));
        }
        RefreshTokens.Revocations revocations =
                sessions.revocations(user, token.getClaimAsString(TokenIssuer.SESSION_CLAIM));
        if (revocations.sessionEnded()) {
            return OAuth2TokenValidatorResult.failure(ENDED);
        }
        Instant before = revocations.tokensIssuedBefore();
        Instant issuedAt = token.getIssuedAt();
        if (before != null && (issuedAt == null || issuedAt.isBefore(before))) {
            return OAuth2TokenValidatorResult.failure(REVOKED);
        }
        return OAuth2TokenValidatorResult.success();
    }
}
