package io.travya.trip.readmodel;

import io.lettuce.core.FlushMode;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import java.util.concurrent.TimeUnit;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What an operator's FUNCTION FLUSH (or DELETE) does to the projector: Redis keeps the read models'
 * keys but no longer has the library of their functions (on every master of a Redis Cluster).
 */
final class LostFunctions {

    private LostFunctions() {}

    /**
     * Flushes Redis's functions (Lettuce has no FUNCTION DELETE), as the administrator (trip-service's
     * user may not): other tests' projectors load theirs again as this one's does.
     */
    static void flush(StringRedisTemplate admin) {
        admin.execute((RedisCallback<Void>) connection -> {
            try {
                if (connection.getNativeConnection() instanceof RedisAdvancedClusterAsyncCommands<?, ?> cluster) {
                    cluster.upstream()
                            .commands()
                            .functionFlush(FlushMode.SYNC)
                            .toCompletableFuture()
                            .get(10, TimeUnit.SECONDS);
                } else {
                    ((RedisAsyncCommands<?, ?>) connection.getNativeConnection())
                            .functionFlush(FlushMode.SYNC)
                            .get(10, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                throw new IllegalStateException("Could not flush the functions", e);
            }
            return null;
        });
    }
}
