package io.travya.platform.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.travya.platform.web.ProblemWriter;
import io.travya.platform.web.RequestRefusals;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every service is an OAuth2 resource server: stateless, bearer JWTs signed with RS256 by
 * trip-service, verified against its JWKS. Health, metrics and API docs are public.
 */
@AutoConfiguration(
        beforeName = {
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"
        })
@EnableConfigurationProperties(ResourceServerProperties.class)
public class SecurityAutoConfiguration {

    /** The role of a token whose {@code is_superuser} claim is true. */
    public static final String ADMINISTRATOR_ROLE = "ADMIN";

    private static final Duration JWKS_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration JWKS_READ_TIMEOUT = Duration.ofSeconds(5);

    private static final List<String> ALWAYS_PUBLIC = List.of(
            "/actuator/health/**",
            "/actuator/prometheus",
            "/actuator/info",
            "/v3/api-docs/**",
            "/v3/api-docs.yaml",
            "/swagger-ui/**",
            "/swagger-ui.html",
            "/error");

    @Bean
    ProblemAuthenticationHandlers problemAuthenticationHandlers(JsonMapper json) {
        return new ProblemAuthenticationHandlers(json);
    }

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain travyaApiSecurity(
            HttpSecurity http, ResourceServerProperties properties, ProblemAuthenticationHandlers problems)
            throws Exception {
        List<String> open = new ArrayList<>(ALWAYS_PUBLIC);
        open.addAll(properties.publicPaths());
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.OPTIONS, "/**")
                        .permitAll()
                        .requestMatchers(open.toArray(String[]::new))
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(Customizer.withDefaults())
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(
                        handling -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }

    @Bean
    @ConditionalOnMissingBean(HttpFirewall.class)
    HttpFirewall travyaHttpFirewall() {
        return HeaderFirewall.create();
    }

    /**
     * The firewall's refusals (a {@code ;}, {@code %2e%2e}, {@code //} or a control character in the
     * path or a header) as problem+json, written at once rather than through the container's error page.
     */
    @Bean
    @ConditionalOnMissingBean(RequestRejectedHandler.class)
    RequestRejectedHandler problemRequestRejectedHandler(ProblemWriter problems) {
        return (request, response, rejected) -> problems.write(response, RequestRefusals.problemFor(rejected));
    }

    @Bean
    @ConditionalOnMissingBean(JwtDecoder.class)
    @ConditionalOnProperty("travya.security.jwks-uri")
    JwtDecoder jwksJwtDecoder(
            ResourceServerProperties properties, ObjectProvider<OAuth2TokenValidator<Jwt>> moreValidators)
            throws MalformedURLException {
        if (properties.jwksUri().isEmpty()) {
            throw new IllegalStateException("travya.security.jwks-uri names no address of trip-service's keys");
        }
        JWKSource<SecurityContext> keys = null;
        // the last address first: each one before it falls back on the chain after it, so that losing one
        // trip-service instance (with several) never stops token verification
        for (String jwksUri : properties.jwksUri().reversed()) {
            JWKSourceBuilder<SecurityContext> source = JWKSourceBuilder.<SecurityContext>create(
                            URI.create(jwksUri.trim()).toURL(), keysRetriever())
                    .retrying(true);
            keys = keys == null ? source.build() : source.failover(keys).build();
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new CachingJwsKeySelector(keys, Duration.ofMinutes(5)));
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        // besides signature, expiry and issuer, every OAuth2TokenValidator<Jwt> bean has its say (as Boot
        // does for its own decoder): a module that learns of withdrawn tokens plugs in without platform
        // knowing what it checks
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(JwtValidators.createDefaultWithIssuer(properties.issuer()));
        moreValidators.orderedStream().forEach(validators::add);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    /**
     * Fetches the keys with more patience than Nimbus's 500 ms read timeout, which a trip-service busy on
     * a loaded machine misses; a refused connection (a stopped instance) still fails at once.
     */
    private static DefaultResourceRetriever keysRetriever() {
        return new DefaultResourceRetriever(
                (int) JWKS_CONNECT_TIMEOUT.toMillis(),
                (int) JWKS_READ_TIMEOUT.toMillis(),
                JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT);
    }

    /**
     * A token's scopes as authorities, and {@code ROLE_ADMIN} for an administrator's: actuator shows
     * health details to administrators only ({@code management.endpoint.health.roles}).
     */
    @Bean
    @ConditionalOnMissingBean(JwtAuthenticationConverter.class)
    JwtAuthenticationConverter travyaJwtAuthenticationConverter() {
        JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> {
            List<GrantedAuthority> authorities = new ArrayList<>(scopes.convert(jwt));
            if (Boolean.TRUE.equals(jwt.getClaimAsBoolean(Caller.SUPERUSER_CLAIM))) {
                authorities.add(new SimpleGrantedAuthority("ROLE_" + ADMINISTRATOR_ROLE));
            }
            return authorities;
        });
        return converter;
    }

    @Bean
    WebMvcConfigurer callerArgument() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver());
            }
        };
    }
}
