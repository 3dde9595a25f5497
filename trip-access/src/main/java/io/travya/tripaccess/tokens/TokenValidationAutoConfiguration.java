package io.travya.tripaccess.tokens;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What trip-service tells the services that only verify its tokens about tokens it no longer honours
 * before they expire. Each check is an {@code OAuth2TokenValidator<Jwt>} bean, which platform's
 * resource server adds to signature, expiry and issuer; a new one is one more bean here. It reads
 * the service's {@link UserTokenReplica}, in its database schema (its table comes with trip-access's
 * changelog).
 */
@AutoConfiguration
@ConditionalOnProperty({"travya.security.jwks-uri", "travya.schema"})
@EnableConfigurationProperties(RevokedSessionsProperties.class)
public class TokenValidationAutoConfiguration {

    @Bean
    UserTokenReplica userTokenReplica(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            RevokedSessionsProperties properties,
            ObjectProvider<Clock> clock,
            @Value("${travya.schema}") String schema) {
        return new UserTokenReplica(
                jdbc, transactions, schema, clock.getIfAvailable(Clock::systemUTC), properties.rememberedFor());
    }

    /**
     * Services that verify trip-service's tokens also refuse those of users it has deactivated and of
     * sessions that ended: a logout, or every session before a password change.
     */
    @Bean
    RefusedTokens refusedTokens(
            JdbcClient jdbc,
            RevokedSessionsProperties properties,
            ObjectProvider<Clock> clock,
            @Value("${travya.schema}") String schema) {
        return new RefusedTokens(jdbc, schema, clock.getIfAvailable(Clock::systemUTC), properties.rememberedFor());
    }

    @Bean
    UserEventsReader userEventsReader(UserTokenReplica replica) {
        return new UserEventsReader(replica);
    }
}
