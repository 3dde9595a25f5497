package io.travya.trip.readmodel;

import io.travya.platform.test.TravyaTestContextInitializer;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * {@link ProjectorTest}'s specification in the Redis Cluster: each trip's step in its trip's slot, each
 * user's gathered hand-on in the user's.
 */
@TestPropertySource(properties = TravyaTestContextInitializer.REDIS_CLUSTER + "=true")
@EnabledIfEnvironmentVariable(named = "TRAVYA_REDIS_CLUSTER_NODES", matches = ".+")
class ProjectorClusterTest extends ProjectorTest {

    @Override
    StringRedisTemplate redisAsAdmin() {
        return corner.redisClusterAsAdmin();
    }
}
