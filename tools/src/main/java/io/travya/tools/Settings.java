package io.travya.tools;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisKeyCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.travya.platform.config.TlsDefaults;
import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the stack is and how the tools log in: the same environment variables as the services and
 * ./travya use. The tools read the databases as the administrative login, Redis as the operator (the
 * benchmark's sandbox as the administrator) and Kafka as the super user.
 *
 * @param kafka Kafka client settings: bootstrap servers and login
 * @param tlsCa the PEM file of the CA that signed the servers' certificates ({@code TRAVYA_TLS_CA}); null:
 *     servers without TLS
 * @param redisClusterNodes the Redis Cluster's nodes ({@code host:port}, {@code TRAVYA_REDIS_CLUSTER_NODES}) where
 *     the read models are kept in one; empty: the standalone Redis at redisHost:redisPort
 */
public record Settings(
        String pgHost,
        int pgPort,
        String database,
        String pgUser,
        String pgPassword,
        String redisHost,
        int redisPort,
        String redisUser,
        String redisPassword,
        String keyPrefix,
        String kafkaBootstrap,
        Map<String, Object> kafka,
        String tripService,
        String bookingService,
        String conversationService,
        String tlsCa,
        List<String> redisClusterNodes) {

    public static Settings fromEnvironment() {
        Map<String, String> env = System.getenv();
        String kafkaBootstrap = env.getOrDefault("TRAVYA_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
        String tlsCa =
                env.get("TRAVYA_TLS_CA") == null || env.get("TRAVYA_TLS_CA").isEmpty()
                        ? null
                        : env.get("TRAVYA_TLS_CA");
        return new Settings(
                env.getOrDefault("TRAVYA_PG_HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("TRAVYA_PG_PORT", "5432")),
                env.getOrDefault("TRAVYA_PG_DATABASE", "travya"),
                env.getOrDefault("TRAVYA_PG_ADMIN_USER", "travya_admin"),
                required(env, "TRAVYA_PG_ADMIN_PASSWORD"),
                env.getOrDefault("TRAVYA_REDIS_HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("TRAVYA_REDIS_PORT", "6379")),
                env.getOrDefault("TRAVYA_REDIS_OPERATOR_USER", "operator"),
                required(env, "TRAVYA_REDIS_OPERATOR_PASSWORD"),
                env.getOrDefault("TRAVYA_REDIS_KEY_PREFIX", "travya"),
                kafkaBootstrap,
                kafka(
                        kafkaBootstrap,
                        env.getOrDefault(
                                "TRAVYA_KAFKA_SECURITY_PROTOCOL", tlsCa == null ? "SASL_PLAINTEXT" : "SASL_SSL"),
                        tlsCa,
                        env.getOrDefault("TRAVYA_KAFKA_ADMIN_USER", "admin"),
                        required(env, "TRAVYA_KAFKA_ADMIN_PASSWORD")),
                "http://127.0.0.1:" + env.getOrDefault("TRIP_SERVICE_PORT", "8080"),
                "http://127.0.0.1:" + env.getOrDefault("BOOKING_SERVICE_PORT", "8082"),
                "http://127.0.0.1:" + env.getOrDefault("CONVERSATION_SERVICE_PORT", "8083"),
                tlsCa,
                nodes(env.getOrDefault("TRAVYA_REDIS_CLUSTER_NODES", "")));
    }

    private static Map<String, Object> kafka(
            String bootstrap, String securityProtocol, String tlsCa, String user, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("security.protocol", securityProtocol);
        if (tlsCa != null) {
            config.put("ssl.truststore.type", "PEM");
            config.put("ssl.truststore.location", tlsCa);
        }
        // the super user logs in with PLAIN against the broker's configuration (services use SCRAM)
        config.put("sasl.mechanism", "PLAIN");
        config.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\""
                        + password + "\";");
        return Map.copyOf(config);
    }

    /** The nodes of a comma-separated list; none for an empty one. */
    public static List<String> nodes(String list) {
        return list.isBlank() ? List.of() : List.of(list.strip().split(","));
    }

    private static String required(Map<String, String> env, String variable) {
        String value = env.get(variable);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException(variable + " is not set: run the tools through ./travya (it sets it)");
        }
        return value;
    }

    public Settings withDatabase(String otherDatabase, String otherKeyPrefix) {
        return new Settings(
                pgHost,
                pgPort,
                otherDatabase,
                pgUser,
                pgPassword,
                redisHost,
                redisPort,
                redisUser,
                redisPassword,
                otherKeyPrefix,
                kafkaBootstrap,
                kafka,
                tripService,
                bookingService,
                conversationService,
                tlsCa,
                redisClusterNodes);
    }

    public Settings withRedisUser(String user, String password) {
        return new Settings(
                pgHost,
                pgPort,
                database,
                pgUser,
                pgPassword,
                redisHost,
                redisPort,
                user,
                password,
                keyPrefix,
                kafkaBootstrap,
                kafka,
                tripService,
                bookingService,
                conversationService,
                tlsCa,
                redisClusterNodes);
    }

    public Settings withServices(String trip, String booking, String conversation) {
        return new Settings(
                pgHost,
                pgPort,
                database,
                pgUser,
                pgPassword,
                redisHost,
                redisPort,
                redisUser,
                redisPassword,
                keyPrefix,
                kafkaBootstrap,
                kafka,
                trip,
                booking,
                conversation,
                tlsCa,
                redisClusterNodes);
    }

    /** The same, with the read models in the Redis Cluster of these nodes (none: the standalone Redis). */
    public Settings withRedisCluster(List<String> nodes) {
        return new Settings(
                pgHost,
                pgPort,
                database,
                pgUser,
                pgPassword,
                redisHost,
                redisPort,
                redisUser,
                redisPassword,
                keyPrefix,
                kafkaBootstrap,
                kafka,
                tripService,
                bookingService,
                conversationService,
                tlsCa,
                List.copyOf(nodes));
    }

    /** Kafka client settings: the login and these. */
    public Map<String, Object> kafkaWith(Map<String, Object> more) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.putAll(more);
        return config;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + database
                + (tlsCa == null ? "" : "?" + TlsDefaults.jdbcParameters(tlsCa));
    }

    public String redisUri() {
        return (tlsCa == null ? "redis://" : "rediss://") + redisUser + ":" + redisPassword + "@" + redisHost + ":"
                + redisPort;
    }

    /** A Lettuce client for {@link #redisUri()}, over TLS trusting {@link #tlsCa()} where the servers have it. */
    public RedisClient redisClient() {
        RedisClient client = RedisClient.create(redisUri());
        if (tlsCa != null) {
            client.setOptions(ClientOptions.builder().sslOptions(ssl()).build());
        }
        return client;
    }

    /**
     * A connection to the Redis that holds the read models, as {@link #redisUser()}: Lettuce's cluster
     * client where {@link #redisClusterNodes()} names a cluster (its commands find each key's node, and
     * a scan goes over every master), the standalone client otherwise.
     */
    public ReadModelStore readModelStore() {
        if (redisClusterNodes.isEmpty()) {
            RedisClient client = redisClient();
            StatefulRedisConnection<String, String> connection = client.connect();
            return new ReadModelStore(client, connection, connection.sync());
        }
        String scheme = tlsCa == null ? "redis://" : "rediss://";
        RedisClusterClient client = RedisClusterClient.create(redisClusterNodes.stream()
                .map(node -> RedisURI.create(scheme + redisUser + ":" + redisPassword + "@" + node))
                .toList());
        ClusterClientOptions.Builder options = ClusterClientOptions.builder();
        if (tlsCa != null) {
            options.sslOptions(ssl());
        }
        client.setOptions(options.build());
        StatefulRedisClusterConnection<String, String> connection = client.connect();
        return new ReadModelStore(client, connection, connection.sync());
    }

    /** An open connection and its commands; closing it shuts its client down. */
    public record ReadModelStore(
            AbstractRedisClient client,
            StatefulConnection<String, String> connection,
            RedisClusterCommands<String, String> redis)
            implements AutoCloseable {

        /**
         * Every key that matches the pattern: in a cluster, scanned on each master that serves slots
         * (Lettuce's cluster-wide scan also asks a dead master that has lost its slots, and fails).
         */
        public List<String> keys(String pattern) {
            List<RedisKeyCommands<String, String>> nodes = new java.util.ArrayList<>();
            if (connection instanceof StatefulRedisClusterConnection<String, String> cluster) {
                for (RedisClusterNode node : cluster.getPartitions()) {
                    if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)
                            && !node.is(RedisClusterNode.NodeFlag.FAIL)
                            && !node.getSlots().isEmpty()) {
                        nodes.add(cluster.getConnection(node.getNodeId()).sync());
                    }
                }
            } else {
                nodes.add(redis);
            }
            List<String> keys = new java.util.ArrayList<>();
            for (RedisKeyCommands<String, String> node : nodes) {
                ScanIterator.scan(node, ScanArgs.Builder.matches(pattern).limit(1000))
                        .forEachRemaining(keys::add);
            }
            return keys;
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }

    private SslOptions ssl() {
        return SslOptions.builder()
                .jdkSslProvider()
                .trustManager(new File(tlsCa))
                .build();
    }
}
