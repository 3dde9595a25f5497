package io.travya.platform.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service verifies the access tokens trip-service issues.
 *
 * @param jwksUri where trip-service publishes its signing keys: one address, or several separated by
 *     commas (every trip-service instance's, which publish the same keys), tried in turn when one does
 *     not answer; empty when the service issues tokens itself and provides its own {@code JwtDecoder}
 * @param issuer the {@code iss} every token must carry
 * @param publicPaths request paths anyone may call without a token, besides health and API docs
 */
@ConfigurationProperties("travya.security")
public record ResourceServerProperties(
        List<String> jwksUri,
        @DefaultValue("travya") String issuer,
        @DefaultValue List<String> publicPaths) {}
