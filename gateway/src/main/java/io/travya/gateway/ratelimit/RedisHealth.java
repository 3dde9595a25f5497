package io.travya.gateway.ratelimit;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The rate limiter's Redis, by PING. Boot's own indicator (which this one replaces, by its bean name)
 * sends INFO, an administrative command the gateway's Redis user is not allowed
 * (infra/redis/users.acl), so the gateway's health read DOWN with Redis up.
 */
@Component("redisHealthIndicator")
class RedisHealth implements ReactiveHealthIndicator {

    private final ReactiveRedisConnectionFactory connections;

    RedisHealth(ReactiveRedisConnectionFactory connections) {
        this.connections = connections;
    }

    @Override
    public Mono<Health> health() {
        return Mono.usingWhen(
                        Mono.fromSupplier(connections::getReactiveConnection),
                        connection -> connection.ping(),
                        connection -> connection.closeLater())
                .map(pong -> "PONG".equals(pong)
                        ? Health.up().build()
                        : Health.down().withDetail("ping", "no PONG").build())
                .onErrorResume(e -> Mono.just(Health.down(e).build()));
    }
}
