package io.travya.trip.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param accessTokenLifetime short: a deactivated user's tokens are refused by trip-service at once,
 *     and by the other services when their last token expires
 * @param refreshTokenLifetime how long a session lasts without being used
 */
@ConfigurationProperties("travya.auth")
public record AuthProperties(
        @DefaultValue("travya") String issuer,
        @DefaultValue("15m") Duration accessTokenLifetime,
        @DefaultValue("30d") Duration refreshTokenLifetime) {}
