package io.travya.gateway.ratelimit;

import java.net.URI;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.client.loadbalancer.reactive.ReactorLoadBalancerExchangeFilterFunction;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.client.WebClient;

/** On unless {@code travya.gateway.rate-limits.enabled=false} (tests of everything else, which have no Redis). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "travya.gateway.rate-limits.enabled", matchIfMissing = true)
class RateLimiting {

    @Bean
    RateLimits rateLimits(RedisRateLimiter limiter, ReactiveJwtDecoder accessTokens, RateLimitProperties properties) {
        return new RateLimits(limiter, accessTokens, properties);
    }

    /**
     * Verifies access tokens as the services do (RS256 against trip-service's JWKS, expiry, issuer),
     * so a caller cannot spend another user's limit, nor escape its own, with a forged subject. The
     * JWKS is fetched through the load balancer, from whichever trip-service instance is up, and
     * cached by Nimbus (fetched again for a key id it has not seen).
     */
    @Bean
    ReactiveJwtDecoder accessTokens(
            ReactorLoadBalancerExchangeFilterFunction loadBalancing,
            @Value("${travya.security.issuer:travya}") String issuer,
            @Value("${travya.security.jwks-uri:http://trip-service/.well-known/jwks.json}") URI jwks) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(jwks.toString())
                .webClient(WebClient.builder().filter(loadBalancing).build())
                .build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(issuer));
        return decoder;
    }
}
