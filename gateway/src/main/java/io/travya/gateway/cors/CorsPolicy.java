package io.travya.gateway.cors;

import io.travya.gateway.problem.Problems;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Cross-origin calls from the browser origins configured in {@code travya.gateway.cors.allowed-origins}
 * (none by default: a page on another origin cannot call the API). Spring's CORS processor decides;
 * this filter only answers a refusal as problem+json (403) instead of the processor's empty 403, and
 * answers a granted pre-flight itself, without sending it to a service.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class CorsPolicy implements WebFilter {

    /** @param allowedOrigins origins ({@code https://app.example.com}) or origin patterns ({@code https://*.example.com}) */
    @ConfigurationProperties("travya.gateway.cors")
    public record Properties(
            @DefaultValue List<String> allowedOrigins,
            @DefaultValue("30m") Duration maxAge) {}

    private final CorsConfiguration configuration = new CorsConfiguration();
    private final DefaultCorsProcessor processor = new DefaultCorsProcessor();

    public CorsPolicy(Properties properties) {
        configuration.setAllowedOriginPatterns(properties.allowedOrigins());
        configuration.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        configuration.setAllowedHeaders(List.of("*"));
        // what a browser script may read of an answer besides the simple headers
        configuration.setExposedHeaders(
                List.of("X-Request-Id", "Location", "ETag", "Retry-After", "Travya-Trip-Version", "WWW-Authenticate"));
        configuration.setAllowCredentials(false);
        configuration.setMaxAge(properties.maxAge());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!CorsUtils.isCorsRequest(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        if (!processor.process(configuration, exchange)) {
            return Problems.write(
                    exchange, HttpStatus.FORBIDDEN, "Cross-origin requests from this origin are not allowed");
        }
        return CorsUtils.isPreFlightRequest(exchange.getRequest())
                ? exchange.getResponse().setComplete()
                : chain.filter(exchange);
    }
}
