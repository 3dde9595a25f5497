package io.travya.tripaccess.tokens;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * What trip-service tells the services that only verify its tokens about tokens it no longer honours
 * before they expire. Each check is an {@code OAuth2TokenValidator<Jwt>} bean, which platform's
 * resource server adds to signature, expiry and issuer; a new one is one more bean here.
 */
@AutoConfiguration
@ConditionalOnProperty("travya.security.jwks-uri")
@EnableConfigurationProperties(RevokedSessionsProperties.class)
public class TokenValidationAutoConfiguration {

    /** Services that verify trip-service's tokens also refuse those of users it has deactivated. */
    @Bean
    DeactivatedUsers deactivatedUsers() {
        return new DeactivatedUsers();
    }

    /** ... and those of sessions that ended: a logout, or every session before a password change. */
    @Bean
    RevokedSessions revokedSessions(RevokedSessionsProperties properties, ObjectProvider<Clock> clock) {
        return new RevokedSessions(clock.getIfAvailable(Clock::systemUTC), properties.rememberedFor());
    }

    @Bean
    UserEventsReader userEventsReader(DeactivatedUsers deactivatedUsers, RevokedSessions revokedSessions) {
        return new UserEventsReader(deactivatedUsers, revokedSessions);
    }
}
