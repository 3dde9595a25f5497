package io.travya.trip.stats;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.travya.events.Trip;
import io.travya.events.TripEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps each user's trip statistics in Redis from travya.trips. Each event is applied by one Lua
 * script, atomically and only if its version is newer than what the projection remembers of the
 * trip, so redelivered and replayed events change nothing and a crash cannot leave half an update.
 */
@Component
class TripStatisticsProjection {

    private static final RedisScript<Long> APPLY =
            RedisScript.of(new ClassPathResource("redis/apply-trip-to-statistics.lua"), Long.class);

    private final StringRedisTemplate redis;
    private final ReadModelKeys keys;
    private final Timer commitToRedis;

    TripStatisticsProjection(StringRedisTemplate redis, ReadModelKeys keys, MeterRegistry meters) {
        this.redis = redis;
        this.keys = keys;
        this.commitToRedis = Timer.builder("travya.projection.commit.to.redis")
                .description("From an event's occurred_at to its effect in the Redis read model")
                .tag("projection", "trip-statistics")
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .register(meters);
    }

    @KafkaListener(
            id = "trip-statistics",
            topics = "${travya.events.topic-prefix}.trips",
            groupId = "${travya.consumer.group-prefix:}trip-service.trip-statistics",
            concurrency = "${travya.projections.concurrency:3}")
    void on(TripEvent event) {
        Trip trip = event.getTrip();
        boolean live = !"TripDeleted".equals(event.getEventType());
        Long applied = redis.execute(
                APPLY,
                List.of(keys.tripMemory(trip.getId()), keys.statistics(trip.getUserId())),
                Long.toString(event.getAggregateVersion()),
                live ? "1" : "0",
                trip.getStatus(),
                trip.getTripType(),
                cents(trip.getBudget()));
        if (applied != null && applied == 1) {
            commitToRedis.record(Duration.between(event.getOccurredAt(), Instant.now()));
        }
    }

    private static String cents(BigDecimal amount) {
        return amount == null
                ? ""
                : amount.movePointRight(2).toBigIntegerExact().toString();
    }
}
