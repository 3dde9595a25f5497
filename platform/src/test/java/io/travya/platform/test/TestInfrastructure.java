package io.travya.platform.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The real servers integration tests run against, and a private corner of each for every Spring
 * context: its own database (bootstrapped like the real one), replication slot, topic prefix,
 * consumer groups and Redis keys. Tests therefore pass whether or not {@code ./travya up} runs on the
 * same servers, and leave nothing behind.
 *
 * <p>The servers are, in order: those named by the {@code TRAVYA_*} environment variables that
 * {@code ./travya test} sets; a native stack on the default ports; Testcontainers where Docker runs.
 */
public final class TestInfrastructure {

    /** Travya's database schemas; each has the roles {@code <schema>_owner, _app, _relay} (roles.sql). */
    public static final List<String> SCHEMAS = List.of("trips", "bookings", "conversations");

    private static final Map<String, String> SCHEMA_OF_SERVICE =
            Map.of("trip-service", "trips", "booking-service", "bookings", "conversation-service", "conversations");

    static final List<String> ROLES = SCHEMAS.stream()
            .flatMap(schema -> Stream.of(schema + "_owner", schema + "_app", schema + "_relay"))
            .toList();

    /** Test corners older than this belong to runs that died; they are removed. */
    private static final long ABANDONED_AFTER_SECONDS = 2 * 3600;

    private static Endpoints endpoints;
    private static Endpoints kafkaCluster;

    /** A corner's name at the start of a topic or Kafka user name: {@code it<epoch-seconds>x<random>}. */
    private static final Pattern CORNER = Pattern.compile("^(it([0-9]+)x[0-9a-z]+)[.-]");

    private TestInfrastructure() {}

    public static synchronized Endpoints endpoints() {
        if (endpoints == null) {
            endpoints = resolve();
            sweepAbandoned(endpoints);
        }
        return endpoints;
    }

    /**
     * The same servers with the cluster mode's Kafka in place of the single broker: its three nodes,
     * with the same users, ACLs and TLS, at {@code TRAVYA_KAFKA_CLUSTER_BOOTSTRAP} ({@code ./travya
     * test} starts them and exports it), else at the default ports of infra/settings.env. Fails, saying
     * how to start them, where they do not run: the delivery tests in cluster mode need them.
     */
    public static synchronized Endpoints kafkaCluster() {
        if (kafkaCluster == null) {
            String bootstrap = System.getenv("TRAVYA_KAFKA_CLUSTER_BOOTSTRAP");
            if (bootstrap == null || bootstrap.isBlank()) {
                bootstrap = Stream.of(1, 2, 3)
                        .map(node ->
                                "127.0.0.1:" + InfrastructureSettings.port("TRAVYA_KAFKA_CLUSTER_" + node + "_PORT"))
                        .collect(Collectors.joining(","));
            }
            for (String server : bootstrap.split(",")) {
                String host = server.substring(0, server.lastIndexOf(':'));
                int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
                if (!reachable(host, port)) {
                    throw new IllegalStateException("The cluster mode's Kafka does not answer at " + server + " (of "
                            + bootstrap + "): ./travya test starts it, as does ./travya infra-up --cluster");
                }
            }
            Endpoints cluster = endpoints().withKafkaBootstrap(bootstrap);
            sweepAbandonedOnKafka(cluster);
            kafkaCluster = cluster;
        }
        return kafkaCluster;
    }

    /** The schema a service owns, e.g. {@code trips} for trip-service; null for another name. */
    public static String schemaOf(String service) {
        return SCHEMA_OF_SERVICE.get(service);
    }

    /** A fresh, unique name for a test corner: {@code it<epoch-seconds>x<random>}. */
    public static String newCornerName() {
        return "it" + Instant.now().getEpochSecond() + "x"
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
    }

    /**
     * Creates a corner: its database (bootstrapped like the real one, with Travya's roles), the Kafka
     * and Redis users of its services (with production's rules for the corner's prefixes) and its
     * schemas in the registry. Removed by {@link TestCorner#destroy()} or {@link #dropCorner(String)}.
     */
    public static TestCorner createCorner(String name) {
        return createCorner(name, endpoints());
    }

    /**
     * Creates a corner on these servers: {@link #endpoints()}, or those with the cluster mode's Kafka
     * ({@link #kafkaCluster()}), where the corner's Kafka users are made and its topics go.
     */
    public static TestCorner createCorner(String name, Endpoints at) {
        createDatabase(name);
        return new TestCorner(name, at, CornerAccess.grant(at, name));
    }

    /** Creates the corner's database with Travya's schemas, as the administrative login. */
    private static void createDatabase(String name) {
        Endpoints at = endpoints();
        try (Connection admin = admin(at, "postgres");
                Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name, e);
        }
        try (Connection db = admin(at, name);
                Statement sql = db.createStatement()) {
            sql.execute(bootstrapSql());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot bootstrap test database " + name, e);
        }
    }

    /** Removes everything a corner left: slots, database, topics, schemas, Redis keys, users. */
    public static void dropCorner(String name) {
        dropCorner(name, endpoints());
    }

    /** Removes everything a corner made on these servers left. */
    public static void dropCorner(String name, Endpoints at) {
        dropDatabase(at, name);
        deleteTopics(at, Set.of(name));
        deleteSubjects(at, Set.of(name));
        TestRedis.deleteKeys(at, name + ":*");
        TestRedis.deleteClusterKeys(at, name + ":*");
        CornerAccess.revoke(at, name);
    }

    /** Deletes the registry subjects of the corners' topics (soft, then permanently). */
    private static void deleteSubjects(Endpoints at, Set<String> corners) {
        HttpClient http = at.registryHttpClient();
        String api = at.registryUrl() + "/apis/ccompat/v7/subjects";
        String credentials = Base64.getEncoder()
                .encodeToString(
                        (at.registryAdminUser() + ":" + at.registryAdminPassword()).getBytes(StandardCharsets.UTF_8));
        try {
            String list = http.send(
                            HttpRequest.newBuilder(URI.create(api)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            for (String subject : list.replaceAll("[\\[\\]\"]", "").split(",")) {
                if (corners.stream().anyMatch(corner -> subject.startsWith(corner + "."))) {
                    for (String suffix : List.of("", "?permanent=true")) {
                        http.send(
                                HttpRequest.newBuilder(URI.create(api + "/" + subject + suffix))
                                        .header("Authorization", "Basic " + credentials)
                                        .DELETE()
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("[travya-test] could not delete test subjects: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A connection as the administrative login (travya_admin: not a superuser). */
    public static Connection admin(Endpoints at, String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", at.pgAdminUser());
        props.setProperty("password", at.pgAdminPassword());
        return DriverManager.getConnection(at.jdbcUrl(database), props);
    }

    private static void dropDatabase(Endpoints at, String name) {
        try (Connection admin = admin(at, "postgres");
                Statement sql = admin.createStatement()) {
            sql.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE database = '" + name
                    + "' AND active_pid IS NOT NULL");
            sql.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = '" + name
                    + "' AND NOT active");
            sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("[travya-test] could not drop test database " + name + ": " + e.getMessage());
        }
    }

    private static void deleteTopics(Endpoints at, Set<String> corners) {
        Map<String, Object> config = new HashMap<>(at.kafkaAdmin());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000);
        try (Admin admin = Admin.create(config)) {
            Set<String> doomed = admin.listTopics().names().get().stream()
                    .filter(topic -> corners.stream().anyMatch(corner -> topic.startsWith(corner + ".")))
                    .collect(Collectors.toSet());
            if (!doomed.isEmpty()) {
                admin.deleteTopics(doomed).all().get();
            }
        } catch (Exception e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            System.err.println("[travya-test] could not delete test topics: " + e.getMessage() + " (" + cause + ")");
        }
    }

    /** Removes the corners of test runs that died before they could clean up. */
    private static void sweepAbandoned(Endpoints at) {
        long now = Instant.now().getEpochSecond();
        List<String> abandoned = new ArrayList<>();
        try (Connection admin = admin(at, "postgres");
                Statement sql = admin.createStatement();
                var rs = sql.executeQuery("SELECT datname FROM pg_database WHERE datname ~ '^it[0-9]+x'")) {
            while (rs.next()) {
                String name = rs.getString(1);
                long created = Long.parseLong(name.substring(2, name.indexOf('x')));
                if (now - created > ABANDONED_AFTER_SECONDS) {
                    abandoned.add(name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL is not reachable for the tests at " + at.jdbcUrl("postgres"), e);
        }
        abandoned.forEach(name -> dropDatabase(at, name));
        if (!abandoned.isEmpty()) {
            deleteTopics(at, Set.copyOf(abandoned));
            deleteSubjects(at, Set.copyOf(abandoned));
            abandoned.forEach(name -> CornerAccess.revoke(at, name));
        }
    }

    /**
     * Removes the topics and users that corners of test runs that died left on a Kafka other than the
     * single broker (whose are removed with their databases, {@link #sweepAbandoned}).
     */
    private static void sweepAbandonedOnKafka(Endpoints at) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> config = new HashMap<>(at.kafkaAdmin());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000);
        Set<String> abandoned = new HashSet<>();
        try (Admin admin = Admin.create(config)) {
            List<String> names = new ArrayList<>(admin.listTopics().names().get());
            names.addAll(admin.describeUserScramCredentials().users().get());
            for (String name : names) {
                Matcher corner = CORNER.matcher(name);
                if (corner.find() && now - Long.parseLong(corner.group(2)) > ABANDONED_AFTER_SECONDS) {
                    abandoned.add(corner.group(1));
                }
            }
        } catch (Exception e) {
            System.err.println(
                    "[travya-test] could not look for abandoned corners on " + at.kafkaBootstrap() + ": " + e);
            return;
        }
        if (!abandoned.isEmpty()) {
            deleteTopics(at, abandoned);
            abandoned.forEach(name -> CornerAccess.revoke(at, name));
        }
    }

    private static Endpoints resolve() {
        Map<String, String> env = System.getenv();
        // where ./travya runs the servers by default (infra/settings.env), unless the environment says otherwise
        int pgPort = InfrastructureSettings.port("TRAVYA_PG_PORT");
        int kafkaPort = InfrastructureSettings.port("TRAVYA_KAFKA_PORT");
        if (env.containsKey("TRAVYA_PG_HOST") || reachable("127.0.0.1", pgPort) && reachable("127.0.0.1", kafkaPort)) {
            String tlsCa = tlsCa();
            Map<String, String> rolePasswords = new HashMap<>();
            for (String role : ROLES) {
                rolePasswords.put(role, credential("TRAVYA_PG_PASSWORD_" + role.toUpperCase(), "pg-" + role));
            }
            return new Endpoints(
                    env.getOrDefault("TRAVYA_PG_HOST", "127.0.0.1"),
                    Integer.parseInt(env.getOrDefault("TRAVYA_PG_PORT", String.valueOf(pgPort))),
                    env.getOrDefault("TRAVYA_PG_ADMIN_USER", "travya_admin"),
                    credential("TRAVYA_PG_ADMIN_PASSWORD", "pg-travya_admin"),
                    Map.copyOf(rolePasswords),
                    env.getOrDefault("TRAVYA_KAFKA_BOOTSTRAP", "127.0.0.1:" + kafkaPort),
                    env.getOrDefault("TRAVYA_KAFKA_SECURITY_PROTOCOL", tlsCa == null ? "SASL_PLAINTEXT" : "SASL_SSL"),
                    env.getOrDefault("TRAVYA_KAFKA_ADMIN_USER", "admin"),
                    credential("TRAVYA_KAFKA_ADMIN_PASSWORD", "kafka-admin"),
                    env.getOrDefault(
                            "TRAVYA_REGISTRY_URL",
                            (tlsCa == null ? "http" : "https") + "://127.0.0.1:"
                                    + InfrastructureSettings.port("TRAVYA_REGISTRY_PORT")),
                    env.getOrDefault("TRAVYA_REGISTRY_ADMIN_USER", "admin"),
                    credential("TRAVYA_REGISTRY_ADMIN_PASSWORD", "registry-admin"),
                    env.getOrDefault("TRAVYA_REDIS_HOST", "127.0.0.1"),
                    Integer.parseInt(env.getOrDefault(
                            "TRAVYA_REDIS_PORT", String.valueOf(InfrastructureSettings.port("TRAVYA_REDIS_PORT")))),
                    env.getOrDefault("TRAVYA_REDIS_ADMIN_USER", "admin"),
                    credential("TRAVYA_REDIS_ADMIN_PASSWORD", "redis-admin"),
                    tlsCa,
                    // the Redis Cluster beside it, if ./travya runs one (./travya env exports its nodes then)
                    env.getOrDefault("TRAVYA_REDIS_CLUSTER_NODES", "").isBlank()
                            ? List.of()
                            : List.of(env.get("TRAVYA_REDIS_CLUSTER_NODES")
                                    .strip()
                                    .split(",")));
        }
        if (ContainerInfrastructure.dockerAvailable()) {
            return ContainerInfrastructure.start();
        }
        throw new IllegalStateException(
                "No servers for the integration tests: run them with ./travya test (it starts PostgreSQL, Kafka, "
                        + "the registry and Redis natively), or on a machine with Docker");
    }

    /**
     * A credential of the native stack: from the environment that {@code ./travya test} (or
     * {@code eval "$(./travya env)"}) sets, else from the file {@code ./travya up} generated it into.
     */
    private static String credential(String variable, String secretFile) {
        String value = System.getenv(variable);
        if (value != null && !value.isEmpty()) {
            return value;
        }
        Path file = secretsDirectory().resolve(secretFile);
        try {
            if (Files.isReadable(file)) {
                return Files.readString(file).strip();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("No " + variable + " for the integration tests: run them with ./travya test, "
                + "or after eval \"$(./travya env)\" (and not found in " + file + ")");
    }

    /** $TRAVYA_HOME/secrets, else the .travya/secrets of the checkout the tests run in. */
    private static Path secretsDirectory() {
        return travyaHome().resolve("secrets");
    }

    /**
     * The CA the native stack's servers have their certificates from: TRAVYA_TLS_CA, else the one
     * {@code ./travya} made in $TRAVYA_HOME/tls; null when there is none (servers without TLS).
     */
    private static String tlsCa() {
        String ca = System.getenv("TRAVYA_TLS_CA");
        if (ca != null && !ca.isEmpty()) {
            return ca;
        }
        Path made = travyaHome().resolve("tls").resolve("ca.crt");
        return Files.isReadable(made) ? made.toAbsolutePath().toString() : null;
    }

    /** $TRAVYA_HOME, else the .travya of the checkout the tests run in. */
    private static Path travyaHome() {
        String home = System.getenv("TRAVYA_HOME");
        if (home != null) {
            return Path.of(home);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("travya"))) {
                return dir.resolve(".travya");
            }
        }
        return Path.of(".travya");
    }

    private static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String bootstrapSql() {
        return infraFile("bootstrap.sql");
    }

    /** A file of infra/postgres (on the test class path as travya-infra/). */
    static String infraFile(String name) {
        try (InputStream in = TestInfrastructure.class.getResourceAsStream("/travya-infra/" + name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
