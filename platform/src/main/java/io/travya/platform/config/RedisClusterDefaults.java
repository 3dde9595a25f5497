package io.travya.platform.config;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * Redis Cluster when {@code travya.redis.cluster-nodes} ({@code TRAVYA_REDIS_CLUSTER_NODES}, which
 * {@code ./travya env} exports while the cluster runs) names its nodes, {@code host:port,...}: Spring
 * Boot then builds Lettuce's cluster client, which follows the cluster's topology (refreshed every few
 * seconds and on every redirection, travya-platform-defaults.properties). Without it, the standalone
 * Redis of {@code spring.data.redis.host}.
 *
 * <p>Not a line {@code spring.data.redis.cluster.nodes=${TRAVYA_REDIS_CLUSTER_NODES:}} in the defaults:
 * Boot takes any {@code spring.data.redis.cluster.*} property, an empty one too, for cluster mode. The
 * setting is read when Boot asks, so that a test context's initializer can still give it (or take it
 * away). Lowest precedence: {@code spring.data.redis.cluster.nodes} itself overrides it.
 */
public class RedisClusterDefaults implements EnvironmentPostProcessor {

    public static final String NODES = "travya.redis.cluster-nodes";
    private static final String CLUSTER_NODES = "spring.data.redis.cluster.nodes";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new ClusterNodes(environment));
    }

    /** Its source is a name, not the environment it reads (Boot would walk into a nested environment). */
    private static final class ClusterNodes extends EnumerablePropertySource<String> {

        private final ConfigurableEnvironment environment;

        ClusterNodes(ConfigurableEnvironment environment) {
            super("travyaRedisCluster", NODES);
            this.environment = environment;
        }

        private String nodes() {
            String nodes = environment.getProperty(NODES);
            return nodes == null || nodes.isBlank() ? null : nodes.strip();
        }

        @Override
        public String[] getPropertyNames() {
            return nodes() == null ? new String[0] : new String[] {CLUSTER_NODES};
        }

        @Override
        public Object getProperty(String name) {
            return CLUSTER_NODES.equals(name) ? nodes() : null;
        }
    }
}
