package io.travya.trip;

import io.travya.platform.test.TravyaTestContextInitializer;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.TestPropertySource;

/**
 * {@link ReadModelTest}'s specification with the read models in the Redis Cluster that runs beside the
 * standalone Redis: every script call in one hash slot, a trip's events handed on to its users' slots.
 */
@TestPropertySource(properties = TravyaTestContextInitializer.REDIS_CLUSTER + "=true")
@EnabledIfEnvironmentVariable(named = "TRAVYA_REDIS_CLUSTER_NODES", matches = ".+")
class ReadModelClusterTest extends ReadModelTest {}
