package io.travya.trip.readmodel;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
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

    private static final RedisScript<List> READ = RedisScript.of("""
            local generation = redis.call('GET', ARGV[1] .. 'current')
            if not generation then return {} end
            return redis.call('HMGET', ARGV[1] .. generation .. ':trip:' .. ARGV[2], 'version', 'live', 'state')
            """, List.class);

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
        List<?> fields = redis.execute(READ, List.of(), keys.root(), id.toString());
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
