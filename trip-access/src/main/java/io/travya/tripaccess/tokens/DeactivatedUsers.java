package io.travya.tripaccess.tokens;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Refuses the tokens of users trip-service has deactivated or erased, at once rather than when they
 * expire, from the service's {@link UserTokenReplica}: every replica of the service reads the same
 * table, so each refuses from its first request, a replica that has just started included. Platform's
 * resource server consults it as one of its token validators.
 */
public class DeactivatedUsers implements OAuth2TokenValidator<Jwt> {

    private static final OAuth2Error DEACTIVATED = new OAuth2Error("invalid_token", "The user is deactivated", null);

    private final JdbcClient jdbc;
    private final String refusedQuery;

    public DeactivatedUsers(JdbcClient jdbc, String schema) {
        this.jdbc = jdbc;
        this.refusedQuery = "SELECT refused FROM " + schema + ".token_user WHERE user_id = ?";
    }

    public boolean isDeactivated(UUID user) {
        return jdbc.sql(refusedQuery)
                .param(user)
                .query(Boolean.class)
                .optional()
                .orElse(false);
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
        return isDeactivated(user)
                ? OAuth2TokenValidatorResult.failure(DEACTIVATED)
                : OAuth2TokenValidatorResult.success();
    }
}
