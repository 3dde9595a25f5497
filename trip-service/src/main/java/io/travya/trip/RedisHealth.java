package io.travya.trip;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Redis's health, by PING. Boot's own indicator (which this one replaces, by its bean name) sends
 * INFO, an administrative command that trip-service's Redis user is not allowed
 * (infra/redis/users.acl).
 */
@Component("redisHealthIndicator")
class RedisHealth implements HealthIndicator {

    private final RedisConnectionFactory connections;

    RedisHealth(RedisConnectionFactory connections) {
        this.connections = connections;
    }

    @Override
    public Health health() {
        try (RedisConnection connection = connections.getConnection()) {
            return "PONG".equals(connection.ping())
                    ? Health.up().build()
                    : Health.down().withDetail("ping", "no PONG").build();
        } catch (RuntimeException e) {
            return Health.down(e).build();
        }
    }
}
