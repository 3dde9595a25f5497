package io.travya.platform.test;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The private corner of the servers one Spring test context uses: database, slot, topic prefix,
 * consumer groups and Redis keys all carry its name. Destroyed last, it removes them all.
 */
public final class TestCorner implements DisposableBean {

    private final String name;
    private final Endpoints endpoints;
    private final CornerAccess.Credentials credentials;

    TestCorner(String name, Endpoints endpoints, CornerAccess.Credentials credentials) {
        this.name = name;
        this.endpoints = endpoints;
        this.credentials = credentials;
    }

    public String name() {
        return name;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** The corner's full name of a topic, e.g. {@code it123x4.trips}. */
    public String topic(String shortName) {
        return name + "." + shortName;
    }

    public String database() {
        return name;
    }

    public String jdbcUrl() {
        return endpoints.jdbcUrl(name);
    }

    /**
     * The credentials a service gets in this corner, under the environment variables {@code ./travya
     * up} sets for it: its database roles, its Kafka user and its Redis user (trip-service).
     */
    public Map<String, String> serviceEnvironment(String service) {
        Map<String, String> environment = new LinkedHashMap<>();
        String schema = TestInfrastructure.schemaOf(service);
        if (schema != null) {
            environment.put("TRAVYA_DB_USER", schema + "_app");
            environment.put("TRAVYA_DB_PASSWORD", endpoints.pgPassword(schema + "_app"));
            environment.put("TRAVYA_DB_OWNER_USER", schema + "_owner");
            environment.put("TRAVYA_DB_OWNER_PASSWORD", endpoints.pgPassword(schema + "_owner"));
            environment.put("TRAVYA_DB_RELAY_USER", schema + "_relay");
            environment.put("TRAVYA_DB_RELAY_PASSWORD", endpoints.pgPassword(schema + "_relay"));
        }
        environment.put("TRAVYA_KAFKA_SECURITY_PROTOCOL", endpoints.kafkaSecurityProtocol());
        // TLS to every server, trusting the stack's CA (platform's TlsDefaults); empty: no TLS
        environment.put("TRAVYA_TLS_CA", endpoints.tlsCa() == null ? "" : endpoints.tlsCa());
        if (credentials.kafka().containsKey(service)) {
            environment.put("TRAVYA_KAFKA_USERNAME", CornerAccess.kafkaUser(name, service));
            environment.put("TRAVYA_KAFKA_PASSWORD", credentials.kafka().get(service));
        }
        if (credentials.redis().containsKey(service)) {
            environment.put("TRAVYA_REDIS_USERNAME", CornerAccess.redisUser(name, service));
            environment.put("TRAVYA_REDIS_PASSWORD", credentials.redis().get(service));
        }
        return environment;
    }

    /** Kafka client settings as the corner's user of a service (with that service's ACLs). */
    public Map<String, Object> kafkaAs(String service) {
        String password = credentials.kafka().get(service);
        if (password == null) {
            throw new IllegalStateException("Kafka has no user for " + service + " (its ACLs are off here)");
        }
        return endpoints.kafkaAs(CornerAccess.kafkaUser(name, service), password);
    }

    /**
     * Redis as its administrator, for a test that looks at or tampers with keys in ways no client of
     * Travya may (KEYS, TYPE, ...): the service's own template has only the service's commands.
     */
    public StringRedisTemplate redisAsAdmin() {
        return TestRedis.admin(endpoints);
    }

    /** {@link #redisAsAdmin()} on the Redis Cluster that runs beside the standalone Redis. */
    public StringRedisTemplate redisClusterAsAdmin() {
        return TestRedis.clusterAdmin(endpoints);
    }

    /** A Redis URI that logs in as the corner's copy of a user of infra/redis/users.acl. */
    public String redisUriAs(String user) {
        return endpoints.redisUri(
                CornerAccess.redisUser(name, user), credentials.redis().get(user));
    }

    @Override
    public void destroy() {
        TestInfrastructure.dropCorner(name, endpoints);
    }
}
