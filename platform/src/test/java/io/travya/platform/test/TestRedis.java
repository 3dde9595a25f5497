package io.travya.platform.test;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisKeyCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

final class TestRedis {

    private static final Map<String, StringRedisTemplate> ADMINS = new ConcurrentHashMap<>();

    private TestRedis() {}

    /** A template that logs in as Redis's administrator (one per server, for the JVM's life). */
    static StringRedisTemplate admin(Endpoints at) {
        return ADMINS.computeIfAbsent(at.redisHost() + ":" + at.redisPort(), server -> {
            RedisStandaloneConfiguration redis = new RedisStandaloneConfiguration(at.redisHost(), at.redisPort());
            redis.setUsername(at.redisAdminUser());
            redis.setPassword(at.redisAdminPassword());
            LettuceConnectionFactory connections = new LettuceConnectionFactory(redis, at.redisClientConfiguration());
            connections.afterPropertiesSet();
            connections.start();
            return new StringRedisTemplate(connections);
        });
    }

    /**
     * Deletes the keys on the Redis Cluster, if one runs: Lettuce's cluster commands scan every master
     * and split a deletion by hash slot.
     */
    static void deleteClusterKeys(Endpoints at, String pattern) {
        if (!at.redisClusterRuns()) {
            return;
        }
        RedisClusterClient client = at.redisClusterClient();
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            unlinkMatching(connection.sync(), pattern);
        } catch (RuntimeException e) {
            System.err.println("[travya-test] could not delete Redis Cluster keys " + pattern + ": " + e.getMessage());
        } finally {
            client.shutdown();
        }
    }

    /** A template that logs in to every node of the Redis Cluster as its administrator. */
    static StringRedisTemplate clusterAdmin(Endpoints at) {
        if (!at.redisClusterRuns()) {
            throw new IllegalStateException("No Redis Cluster runs (TRAVYA_REDIS_CLUSTER_NODES names none)");
        }
        return ADMINS.computeIfAbsent(String.join(",", at.redisClusterNodes()), nodes -> {
            RedisClusterConfiguration redis = new RedisClusterConfiguration(at.redisClusterNodes());
            redis.setUsername(at.redisAdminUser());
            redis.setPassword(at.redisAdminPassword());
            LettuceConnectionFactory connections = new LettuceConnectionFactory(redis, at.redisClientConfiguration());
            connections.afterPropertiesSet();
            connections.start();
            return new StringRedisTemplate(connections);
        });
    }

    static void deleteKeys(Endpoints at, String pattern) {
        RedisClient client = at.redisClient(at.redisAdminUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            unlinkMatching(connection.sync(), pattern);
        } catch (RuntimeException e) {
            System.err.println("[travya-test] could not delete Redis keys " + pattern + ": " + e.getMessage());
        } finally {
            client.shutdown();
        }
    }

    /** Unlinks the keys that match, a thousand at a time (the cluster's commands split them by slot). */
    private static void unlinkMatching(RedisKeyCommands<String, String> commands, String pattern) {
        List<String> batch = new ArrayList<>();
        ScanIterator<String> keys =
                ScanIterator.scan(commands, ScanArgs.Builder.matches(pattern).limit(1000));
        while (keys.hasNext()) {
            batch.add(keys.next());
            if (batch.size() == 1000) {
                commands.unlink(batch.toArray(String[]::new));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            commands.unlink(batch.toArray(String[]::new));
        }
    }
}
