package io.travya.platform.test;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.travya.platform.config.TlsDefaults;
import io.travya.platform.events.RegistryProperties;
import java.io.File;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;

/**
 * Where the servers the integration tests use are, and the credentials the tests hold: PostgreSQL's
 * administrative login (not a superuser) and the generated passwords of Travya's database roles,
 * Kafka's super user, the registry's administrator and Redis's administrator. Services under test
 * never get these: each test corner gives them users of their own (see {@link TestCorner}).
 *
 * @param pgPasswords the password of each of Travya's roles, by role name (e.g. {@code trips_app})
 * @param kafkaSecurityProtocol SASL_SSL on ./travya's stack (SASL_PLAINTEXT where a stack has users and
 *     ACLs but no TLS)
 * @param tlsCa the PEM file of the CA that signed every server's certificate ({@code TRAVYA_TLS_CA});
 *     null where the servers take plaintext (the Testcontainers fallback)
 * @param redisClusterNodes the Redis Cluster's nodes ({@code host:port}, {@code TRAVYA_REDIS_CLUSTER_NODES})
 *     beside the standalone Redis, with the same users; empty where none runs
 */
public record Endpoints(
        String pgHost,
        int pgPort,
        String pgAdminUser,
        String pgAdminPassword,
        Map<String, String> pgPasswords,
        String kafkaBootstrap,
        String kafkaSecurityProtocol,
        String kafkaAdminUser,
        String kafkaAdminPassword,
        String registryUrl,
        String registryAdminUser,
        String registryAdminPassword,
        String redisHost,
        int redisPort,
        String redisAdminUser,
        String redisAdminPassword,
        String tlsCa,
        List<String> redisClusterNodes) {

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + database
                + (tlsCa == null ? "" : "?" + TlsDefaults.jdbcParameters(tlsCa));
    }

    /** The same servers, for clients that trust only the CA in this PEM file (to show a server refuses them). */
    public Endpoints trustingOnly(String otherCa) {
        return new Endpoints(
                pgHost,
                pgPort,
                pgAdminUser,
                pgAdminPassword,
                pgPasswords,
                kafkaBootstrap,
                kafkaSecurityProtocol,
                kafkaAdminUser,
                kafkaAdminPassword,
                registryUrl,
                registryAdminUser,
                registryAdminPassword,
                redisHost,
                redisPort,
                redisAdminUser,
                redisAdminPassword,
                otherCa,
                redisClusterNodes);
    }

    /**
     * The same servers with another Kafka that has the same users and TLS: the cluster mode's three
     * nodes ({@link TestInfrastructure#kafkaCluster()}).
     */
    public Endpoints withKafkaBootstrap(String bootstrap) {
        return new Endpoints(
                pgHost,
                pgPort,
                pgAdminUser,
                pgAdminPassword,
                pgPasswords,
                bootstrap,
                kafkaSecurityProtocol,
                kafkaAdminUser,
                kafkaAdminPassword,
                registryUrl,
                registryAdminUser,
                registryAdminPassword,
                redisHost,
                redisPort,
                redisAdminUser,
                redisAdminPassword,
                tlsCa,
                redisClusterNodes);
    }

    /** The registry, for its clients (the serdes, the registrar): trusting {@link #tlsCa()}. */
    public RegistryProperties registry(Duration startupTimeout) {
        return new RegistryProperties(registryUrl, startupTimeout, tlsCa);
    }

    /** An HTTP client for the registry that trusts {@link #tlsCa()}. */
    public HttpClient registryHttpClient() {
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tlsCa != null) {
            http.sslContext(registry(Duration.ZERO).sslContext());
        }
        return http.build();
    }

    /** The generated password of one of Travya's database roles, e.g. {@code trips_app}. */
    public String pgPassword(String role) {
        String password = pgPasswords.get(role);
        if (password == null) {
            throw new IllegalStateException("No password for the database role " + role
                    + ": ./travya env exports TRAVYA_PG_PASSWORD_" + role.toUpperCase());
        }
        return password;
    }

    /** Whether Kafka authenticates its clients and enforces ACLs (it does under ./travya). */
    public boolean kafkaSecured() {
        return kafkaSecurityProtocol.startsWith("SASL");
    }

    /**
     * Kafka client settings (bootstrap servers and login) as the super user, who logs in with PLAIN
     * against the broker's own configuration (the services' users are SCRAM users).
     */
    public Map<String, Object> kafkaAdmin() {
        Map<String, Object> config = kafkaAs(kafkaAdminUser, kafkaAdminPassword);
        if (kafkaSecured()) {
            config.put("sasl.mechanism", "PLAIN");
            config.put(
                    "sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + kafkaAdminUser
                            + "\" password=\"" + kafkaAdminPassword + "\";");
        }
        return config;
    }

    /** Kafka client settings as the super user, and these. */
    public Map<String, Object> kafkaAdminWith(Map<String, Object> more) {
        Map<String, Object> config = kafkaAdmin();
        config.putAll(more);
        return config;
    }

    /** Kafka client settings (bootstrap servers and login) as the given SCRAM user. */
    public Map<String, Object> kafkaAs(String user, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, kafkaSecurityProtocol);
        if (tlsCa != null) {
            config.put("ssl.truststore.type", "PEM");
            config.put("ssl.truststore.location", tlsCa);
        }
        if (kafkaSecured()) {
            config.put("sasl.mechanism", "SCRAM-SHA-512");
            config.put(
                    "sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                            + "\" password=\"" + password + "\";");
        }
        return config;
    }

    /** A Redis URI that logs in as the administrator. */
    public String redisAdminUri() {
        return redisUri(redisAdminUser, redisAdminPassword);
    }

    /** A Redis URI that logs in as the given ACL user (rediss: over TLS, where the servers have it). */
    public String redisUri(String user, String password) {
        return (tlsCa == null ? "redis://" : "rediss://") + user + ":" + password + "@" + redisHost + ":" + redisPort;
    }

    /** Whether a Redis Cluster runs beside the standalone Redis. */
    public boolean redisClusterRuns() {
        return !redisClusterNodes.isEmpty();
    }

    /** A Redis URI of one node ({@code host:port}) that logs in as the administrator. */
    public String redisAdminUri(String node) {
        return (tlsCa == null ? "redis://" : "rediss://") + redisAdminUser + ":" + redisAdminPassword + "@" + node;
    }

    /** Lettuce's cluster client for the Redis Cluster, as the administrator, trusting {@link #tlsCa()}. */
    public RedisClusterClient redisClusterClient() {
        RedisClusterClient client = RedisClusterClient.create(redisClusterNodes.stream()
                .map(node -> RedisURI.create(redisAdminUri(node)))
                .toList());
        ClusterClientOptions.Builder options = ClusterClientOptions.builder();
        if (tlsCa != null) {
            options.sslOptions(redisSsl());
        }
        client.setOptions(options.build());
        return client;
    }

    /** A Lettuce client for a URI of {@link #redisUri}, trusting {@link #tlsCa()}. */
    public RedisClient redisClient(String uri) {
        RedisClient client = RedisClient.create(uri);
        if (tlsCa != null) {
            client.setOptions(ClientOptions.builder().sslOptions(redisSsl()).build());
        }
        return client;
    }

    /** Spring Data Redis's client settings: TLS trusting {@link #tlsCa()} where the servers have it. */
    public LettuceClientConfiguration redisClientConfiguration() {
        if (tlsCa == null) {
            return LettuceClientConfiguration.defaultConfiguration();
        }
        return LettuceClientConfiguration.builder()
                .useSsl()
                .and()
                .clientOptions(ClientOptions.builder().sslOptions(redisSsl()).build())
                .build();
    }

    private SslOptions redisSsl() {
        return SslOptions.builder()
                .jdkSslProvider()
                .trustManager(new File(tlsCa))
                .build();
    }
}
