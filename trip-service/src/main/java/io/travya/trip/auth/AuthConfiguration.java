package io.travya.trip.auth;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.travya.platform.security.CachingJwsKeySelector;
import io.travya.trip.user.ActiveUsers;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * trip-service issues tokens and verifies them against its own keys (no HTTP round trip to itself),
 * and refuses the token of a user who has been deactivated since it was issued, or whose session has
 * ended since ({@link SessionCheck}).
 */
@Configuration
@EnableConfigurationProperties({
    AuthProperties.class,
    LoginThrottlingProperties.class,
    SigningKeyEncryptionProperties.class
})
class AuthConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    JwtEncoder jwtEncoder(SigningKeys keys) {
        JWKSource<SecurityContext> source = (selector, context) -> selector.select(keys.all());
        return new NimbusJwtEncoder(source);
    }

    @Bean
    JwtDecoder jwtDecoder(
            SigningKeys keys, AuthProperties properties, ActiveUsers activeUsers, RefreshTokens sessions) {
        JWKSource<SecurityContext> source = (selector, context) -> selector.select(keys.published());
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new CachingJwsKeySelector(source, Duration.ofMinutes(5)));
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(properties.issuer()),
                jwt -> activeUsers.isActive(jwt.getSubject())
                        ? OAuth2TokenValidatorResult.success()
                        : OAuth2TokenValidatorResult.failure(
                                new OAuth2Error("invalid_token", "The user is deactivated", null)),
                new SessionCheck(sessions)));
        return decoder;
    }
}
