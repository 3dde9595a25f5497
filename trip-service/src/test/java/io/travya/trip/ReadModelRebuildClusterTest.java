package io.travya.trip;

import io.travya.platform.test.TravyaTestContextInitializer;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * {@link ReadModelRebuildTest}'s specification in the Redis Cluster: a generation's keys are spread over
 * the masters, and listed, compared and retired across them.
 */
@TestPropertySource(properties = TravyaTestContextInitializer.REDIS_CLUSTER + "=true")
@EnabledIfEnvironmentVariable(named = "TRAVYA_REDIS_CLUSTER_NODES", matches = ".+")
class ReadModelRebuildClusterTest extends ReadModelRebuildTest {

    @Override
    StringRedisTemplate redisAsAdmin() {
        return corner.redisClusterAsAdmin();
    }
}
