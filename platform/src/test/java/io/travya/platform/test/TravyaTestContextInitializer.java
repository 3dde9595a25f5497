package io.travya.platform.test;

import io.travya.platform.config.RedisClusterDefaults;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points a service's test context at its own corner of the real servers. The corner is registered
 * before any other bean, so it is destroyed after all of them, once the relay has let go of its slot.
 */
public class TravyaTestContextInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /**
     * A test property: true runs the service under test against the Redis Cluster that runs beside the
     * standalone Redis (the read models as they shard), not against the standalone one.
     */
    public static final String REDIS_CLUSTER = "travya.test.redis-cluster";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Endpoints at = TestInfrastructure.endpoints();
        String corner = TestInfrastructure.newCornerName();
        TestCorner testCorner = TestInfrastructure.createCorner(corner);
        DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
        beans.registerSingleton("travyaTestCorner", testCorner);
        beans.registerDisposableBean("travyaTestCorner", testCorner);
        String schema = context.getEnvironment().getProperty("travya.schema", "x");
        TestPropertyValues.of(
                        "spring.datasource.url=" + at.jdbcUrl(corner),
                        "spring.kafka.bootstrap-servers=" + at.kafkaBootstrap(),
                        "travya.registry.url=" + at.registryUrl(),
                        // TLS to every server, trusting the stack's CA (TlsDefaults); none where it has none
                        "travya.tls.ca=" + (at.tlsCa() == null ? "" : at.tlsCa()),
                        "spring.data.redis.host=" + at.redisHost(),
                        "spring.data.redis.port=" + at.redisPort(),
                        "travya.events.topic-prefix=" + corner,
                        "travya.consumer.group-prefix=" + corner + ".",
                        "travya.redis.key-prefix=" + corner,
                        // services that verify tokens from a JWKS verify the test issuer's
                        "travya.security.jwks-uri=" + TestTokens.get().jwksUri(),
                        // slot names are global to the PostgreSQL cluster
                        "travya.relay.slot-name=" + schema + "_outbox_" + corner,
                        "travya.relay.offset-flush-interval=200ms",
                        "travya.relay.backlog-interval=200ms",
                        "spring.datasource.hikari.minimum-idle=2",
                        "spring.datasource.hikari.maximum-pool-size=10",
                        "spring.kafka.consumer.properties.metadata.max.age.ms=1000",
                        "spring.kafka.consumer.properties.topic.metadata.refresh.interval.ms=1000")
                .applyTo(context);
        boolean cluster = context.getEnvironment().getProperty(REDIS_CLUSTER, Boolean.class, false);
        if (cluster && !at.redisClusterRuns()) {
            throw new IllegalStateException("The test asks for the Redis Cluster (" + REDIS_CLUSTER
                    + "), but none runs: ./travya env exports TRAVYA_REDIS_CLUSTER_NODES while one does");
        }
        // Lettuce's cluster client (the corner's users are on every node), or the standalone Redis even
        // where TRAVYA_REDIS_CLUSTER_NODES names a cluster (RedisClusterDefaults)
        TestPropertyValues.of(
                        RedisClusterDefaults.NODES + "=" + (cluster ? String.join(",", at.redisClusterNodes()) : ""))
                .applyTo(context);
        // the service's own credentials, under the names ./travya up sets them in its environment
        String service = context.getEnvironment().getProperty("spring.application.name", "");
        TestPropertyValues.of(testCorner.serviceEnvironment(service)).applyTo(context);
    }
}
