package io.travya.platform.test;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;

final class TestRedis {

    private TestRedis() {}

    static void deleteKeys(Endpoints at, String pattern) {
        RedisClient client = RedisClient.create("redis://" + at.redisHost() + ":" + at.redisPort());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<String> batch = new ArrayList<>();
            ScanIterator<String> keys = ScanIterator.scan(
                    connection.sync(), ScanArgs.Builder.matches(pattern).limit(1000));
            while (keys.hasNext()) {
                batch.add(keys.next());
                if (batch.size() == 1000) {
                    connection.sync().unlink(batch.toArray(String[]::new));
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                connection.sync().unlink(batch.toArray(String[]::new));
            }
        } catch (RuntimeException e) {
            System.err.println("[travya-test] could not delete Redis keys " + pattern + ": " + e.getMessage());
        } finally {
            client.shutdown();
        }
    }
}
