package io.travya.trip.stats;

import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Where the read models live in Redis. */
@Component
class ReadModelKeys {

    private final String prefix;

    ReadModelKeys(@Value("${travya.redis.key-prefix}") String prefix) {
        this.prefix = prefix + ":rm:";
    }

    String statistics(UUID userId) {
        return prefix + "stats:" + userId;
    }

    String tripMemory(UUID tripId) {
        return prefix + "trip:" + tripId;
    }
}
