package io.travya.trip.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param accessTokenLifetime short, though a revoked token is refused before it expires: the other
 *     services remember an ended session this long and the clock skew (their
 *     travya.revoked-sessions.remembered-for must be raised with it)
 * @param refreshTokenLifetime how long a session lasts without being used
 */
@ConfigurationProperties("travya.auth")
public record AuthProperties(
        @DefaultValue("travya") String issuer,
        @DefaultValue("15m") Duration accessTokenLifetime,
        @DefaultValue("30d") Duration refreshTokenLifetime) {}
