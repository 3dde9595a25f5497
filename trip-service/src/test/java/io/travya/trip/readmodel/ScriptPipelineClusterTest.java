package io.travya.trip.readmodel;

import io.travya.platform.test.TravyaTestContextInitializer;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * {@link ScriptPipelineTest}'s specification in the Redis Cluster: Lettuce routes each call to its
 * slot's master, and the library is loaded again on every master.
 */
@TestPropertySource(properties = TravyaTestContextInitializer.REDIS_CLUSTER + "=true")
@EnabledIfEnvironmentVariable(named = "TRAVYA_REDIS_CLUSTER_NODES", matches = ".+")
class ScriptPipelineClusterTest extends ScriptPipelineTest {

    @Override
    StringRedisTemplate redisAsAdmin() {
        return corner.redisClusterAsAdmin();
    }
}
