package io.travya.trip.readmodel;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Trips as the read models hold them, kept fresh by travya.trips: a trip is served from here only at
 * the exact version the database holds, so the cache can be behind but never wrong.
 */
@Component
public class TripCache {

    private final StringRedisTemplate redis;
    private final ReadModelKeys keys;
    private final JsonMapper json;

    TripCache(StringRedisTemplate redis, ReadModelKeys keys, JsonMapper json) {
        this.redis = redis;
        this.keys = keys;
        this.json = json;
    }

    /** The trip's JSON (as the API shows a trip) if the cache holds exactly this version of it. */
    public Optional<JsonNode> trip(UUID id, long version) {
        // the generation served, then the trip's hash: two round trips, as they are in different hash
        // slots (Redis Cluster); a generation switched meanwhile is still there, and versions decide
        String generation = redis.opsForValue().get(keys.current());
        if (generation == null) {
            return Optional.empty();
        }
        List<Object> fields = redis.opsForHash()
                .multiGet(ReadModelKeys.ofTrip(keys.of(generation), "trip", id), List.of("version", "live", "state"));
        if (fields == null
                || fields.size() < 3
                || !Long.toString(version).equals(fields.get(0))
                || !"1".equals(fields.get(1))
                || !(fields.get(2) instanceof String state)) {
            return Optional.empty();
        }
        ObjectNode trip = (ObjectNode) json.readTree(state);
        trip.remove("collaborators");
        return Optional.of(trip);
    }
}
