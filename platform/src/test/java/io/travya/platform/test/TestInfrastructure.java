package io.travya.platform.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
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

    /** Test corners older than this belong to runs that died; they are removed. */
    private static final long ABANDONED_AFTER_SECONDS = 2 * 3600;

    private static Endpoints endpoints;

    private TestInfrastructure() {}

    public static synchronized Endpoints endpoints() {
        if (endpoints == null) {
            endpoints = resolve();
            sweepAbandoned(endpoints);
        }
        return endpoints;
    }

    /** A fresh, unique name for a test corner: {@code it<epoch-seconds>x<random>}. */
    public static String newCornerName() {
        return "it" + Instant.now().getEpochSecond() + "x"
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
    }

    /** Creates the corner's database with Travya's roles and schemas. */
    public static void createDatabase(String name) {
        Endpoints at = endpoints();
        try (Connection admin = superuser(at, "postgres");
                Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name, e);
        }
        try (Connection db = superuser(at, name);
                Statement sql = db.createStatement()) {
            sql.execute(bootstrapSql());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot bootstrap test database " + name, e);
        }
    }

    /** Removes everything a corner left: slots, database, topics, Redis keys. */
    public static void dropCorner(String name) {
        Endpoints at = endpoints();
        dropDatabase(at, name);
        deleteTopics(at, Set.of(name));
        deleteSubjects(at, Set.of(name));
        TestRedis.deleteKeys(at, name + ":*");
    }

    /** Deletes the registry subjects of the corners' topics (soft, then permanently). */
    private static void deleteSubjects(Endpoints at, Set<String> corners) {
        HttpClient http = HttpClient.newHttpClient();
        String api = at.registryUrl() + "/apis/ccompat/v7/subjects";
        try {
            String list = http.send(
                            HttpRequest.newBuilder(URI.create(api)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            for (String subject : list.replaceAll("[\\[\\]\"]", "").split(",")) {
                if (corners.stream().anyMatch(corner -> subject.startsWith(corner + "."))) {
                    for (String suffix : List.of("", "?permanent=true")) {
                        http.send(
                                HttpRequest.newBuilder(URI.create(api + "/" + subject + suffix))
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

    static Connection superuser(Endpoints at, String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", at.pgSuperuser());
        props.setProperty("password", at.pgSuperuserPassword());
        return DriverManager.getConnection(at.jdbcUrl(database), props);
    }

    private static void dropDatabase(Endpoints at, String name) {
        try (Connection admin = superuser(at, "postgres");
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
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                at.kafkaBootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                15000))) {
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
        try (Connection admin = superuser(at, "postgres");
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
        }
    }

    private static Endpoints resolve() {
        Map<String, String> env = System.getenv();
        if (env.containsKey("TRAVYA_PG_HOST") || reachable("127.0.0.1", 5432) && reachable("127.0.0.1", 9092)) {
            return new Endpoints(
                    env.getOrDefault("TRAVYA_PG_HOST", "127.0.0.1"),
                    Integer.parseInt(env.getOrDefault("TRAVYA_PG_PORT", "5432")),
                    env.getOrDefault("TRAVYA_PG_SUPERUSER", "postgres"),
                    env.getOrDefault("TRAVYA_PG_SUPERUSER_PASSWORD", "postgres"),
                    env.getOrDefault("TRAVYA_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
                    env.getOrDefault("TRAVYA_REGISTRY_URL", "http://127.0.0.1:8081"),
                    env.getOrDefault("TRAVYA_REDIS_HOST", "127.0.0.1"),
                    Integer.parseInt(env.getOrDefault("TRAVYA_REDIS_PORT", "6379")));
        }
        if (ContainerInfrastructure.dockerAvailable()) {
            return ContainerInfrastructure.start();
        }
        throw new IllegalStateException(
                "No servers for the integration tests: run them with ./travya test (it starts PostgreSQL, Kafka, "
                        + "the registry and Redis natively), or on a machine with Docker");
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
        try (InputStream in = TestInfrastructure.class.getResourceAsStream("/travya-infra/bootstrap.sql")) {
            if (in == null) {
                throw new IllegalStateException("bootstrap.sql is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
