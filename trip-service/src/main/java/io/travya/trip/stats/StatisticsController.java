package io.travya.trip.stats;

import io.travya.platform.security.Caller;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Statistics are read from Redis in one round trip, whatever the size of the user's history. */
@RestController
class StatisticsController {

    private final StringRedisTemplate redis;
    private final ReadModelKeys keys;

    StatisticsController(StringRedisTemplate redis, ReadModelKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @GetMapping("/api/v1/trips/stats")
    TripStatistics statistics(Caller caller) {
        return TripStatistics.of(redis.opsForHash().entries(keys.statistics(caller.id())));
    }
}
