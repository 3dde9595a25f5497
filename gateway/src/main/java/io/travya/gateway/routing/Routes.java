package io.travya.gateway.routing;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory.RetryConfig;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.BooleanSpec;
import org.springframework.cloud.gateway.route.builder.Buildable;
import org.springframework.cloud.gateway.route.builder.GatewayFilterSpec;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * Which service answers which path. Each route goes to {@code lb://<service>}: Spring Cloud
 * LoadBalancer picks, round robin, among the instances of that service that answer their health
 * check ({@link InstanceHealthConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
class Routes {

    /** Retries after the first attempt; with two instances, the second attempt goes to the other one. */
    private static final int RETRIES = 2;

    @Bean
    RouteLocator travyaRoutes(RouteLocatorBuilder routes) {
        return routes.routes()
                .route(
                        "trip-service",
                        route -> route.path(
                                        "/api/v1/auth/**", "/api/v1/users/**", "/api/v1/trips/**", "/.well-known/**")
                                .filters(Routes::retrySafely)
                                .uri("lb://trip-service"))
                .route(
                        "booking-service",
                        route -> route.path("/api/v1/bookings/**")
                                .filters(Routes::retrySafely)
                                .uri("lb://booking-service"))
                .route(
                        "conversation-service",
                        route -> route.path("/api/v1/conversations/**")
                                .filters(Routes::retrySafely)
                                .uri("lb://conversation-service"))
                // the services' OpenAPI documents, for the gateway's one Swagger UI (springdoc.swagger-ui.urls)
                .route(
                        "trip-service-api-docs",
                        route -> apiDocument(route.path("/api-docs/trip-service"), "trip-service"))
                .route(
                        "booking-service-api-docs",
                        route -> apiDocument(route.path("/api-docs/booking-service"), "booking-service"))
                .route(
                        "conversation-service-api-docs",
                        route -> apiDocument(route.path("/api-docs/conversation-service"), "conversation-service"))
                .build();
    }

    private static Buildable<Route> apiDocument(BooleanSpec path, String service) {
        return path.filters(filters -> retrySafely(filters.setPath("/v3/api-docs")))
                .uri("lb://" + service);
    }

    /**
     * Retries only what cannot do harm twice. A connection that was refused never reached an
     * instance, so any request is tried again on the next one (the outer filter); an idempotent
     * request is also tried again when the instance failed while answering it or answered that it is
     * unavailable (the inner filter). A POST or PATCH that reached an instance is never repeated: the
     * instance may have acted on it.
     */
    static GatewayFilterSpec retrySafely(GatewayFilterSpec filters) {
        return filters.retry(neverReached ->
                        configure(neverReached).setMethods(HttpMethod.values()).setExceptions(ConnectException.class))
                .retry(idempotent -> configure(idempotent)
                        .setMethods(
                                HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.PUT, HttpMethod.DELETE)
                        .setStatuses(HttpStatus.BAD_GATEWAY, HttpStatus.SERVICE_UNAVAILABLE, HttpStatus.GATEWAY_TIMEOUT)
                        .setExceptions(IOException.class, TimeoutException.class));
    }

    private static RetryConfig configure(RetryConfig retry) {
        return retry.setRetries(RETRIES)
                .setSeries()
                .setStatuses()
                .setBackoff(Duration.ofMillis(50), Duration.ofMillis(500), 2, true);
    }
}
