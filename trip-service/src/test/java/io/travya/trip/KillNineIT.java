package io.travya.trip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.platform.test.Endpoints;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestInfrastructure;
import io.travya.trip.Accounts.Account;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged service, killed with SIGKILL while trips are being created, then started again: every
 * trip whose creation was answered 201 is in the database and counted exactly once in its owner's
 * statistics, and the statistics count every trip that was committed, none twice.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class KillNineIT {

    private static final int TRIPS = 1000;
    /** The key-encryption key of the signing keys, the same for the service before and after the kill. */
    private static final String SIGNING_KEY_ENCRYPTION_KEY = randomKey();

    private String corner;
    private TestCorner testCorner;
    private Endpoints at;
    private int port;
    private int managementPort;
    private Process service;

    @BeforeEach
    void setUp() throws IOException {
        at = TestInfrastructure.endpoints();
        corner = TestInfrastructure.newCornerName();
        testCorner = TestInfrastructure.createCorner(corner);
        try (ServerSocket api = new ServerSocket(0);
                ServerSocket management = new ServerSocket(0)) {
            port = api.getLocalPort();
            managementPort = management.getLocalPort();
        }
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (service != null && service.isAlive()) {
            service.destroy();
            service.waitFor(60, TimeUnit.SECONDS);
        }
        testCorner.destroy();
    }

    @Test
    void everyTripAnswered201IsCountedExactlyOnceAfterTheServiceIsKilledMidway() throws Exception {
        service = start();
        HttpApi api = new HttpApi(port);
        Account owner = new Accounts(api).newUser();
        Set<UUID> answered = ConcurrentHashMap.newKeySet();
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong firstCreatedAfterKill = new AtomicLong();

        ExecutorService clients = Executors.newFixedThreadPool(8);
        for (int i = 0; i < TRIPS; i++) {
            clients.execute(() -> {
                // like a client that retries until it gets an answer: while the service is down its
                // requests are refused or cut off (and may or may not have committed)
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
                while (System.nanoTime() < deadline) {
                    attempts.incrementAndGet();
                    long sent = System.nanoTime();
                    try {
                        HttpApi.Response created =
                                api.post("/api/v1/trips", Accounts.trip("Crash test"), owner.token());
                        if (created.status() == 201) {
                            if (sent > killedAt.get()) {
                                firstCreatedAfterKill.compareAndSet(0, System.nanoTime());
                            }
                            answered.add(
                                    UUID.fromString(created.json().get("id").asString()));
                        } else {
                            failures.incrementAndGet();
                        }
                        return;
                    } catch (RuntimeException connectionRefusedOrReset) {
                        failures.incrementAndGet();
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
                    }
                }
            });
        }
        await().atMost(Duration.ofMinutes(3)).until(() -> answered.size() >= TRIPS / 3);
        killedAt.set(System.nanoTime());
        service.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no flush, no goodbye
        int answeredBeforeKill = answered.size();
        service = start();
        clients.shutdown();
        assertThat(clients.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
        System.out.printf(
                "[kill -9] %d attempts, %d answered 201 (%d before the kill), %d refused, cut off or failed%n",
                attempts.get(), answered.size(), answeredBeforeKill, failures.get());
        // reported, not asserted: how long clients went without a 201 (./travya bench measures it too)
        System.out.printf(
                "[kill -9] first 201 %.1f s after the kill%n", (firstCreatedAfterKill.get() - killedAt.get()) / 1e9);

        assertThat(answeredBeforeKill).isLessThan(TRIPS);
        assertThat(answered.size())
                .as("requests sent after the restart were answered")
                .isGreaterThan(answeredBeforeKill);
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    long committed = committedTrips(owner.id(), answered);
                    long counted = api.get("/api/v1/trips/stats", owner.token())
                            .json()
                            .get("total_trips")
                            .asLong();
                    assertThat(counted).as("trips counted in the statistics").isEqualTo(committed);
                });
    }

    /** How many trips of the owner are committed; every one answered 201 must be among them. */
    private long committedTrips(UUID owner, Set<UUID> answered) throws Exception {
        try (Connection db = DriverManager.getConnection(at.jdbcUrl(corner), at.pgAdminUser(), at.pgAdminPassword())) {
            Set<UUID> stored = ConcurrentHashMap.newKeySet();
            try (ResultSet rs =
                    db.createStatement().executeQuery("SELECT id FROM trips.trips WHERE user_id = '" + owner + "'")) {
                while (rs.next()) {
                    stored.add(rs.getObject(1, UUID.class));
                }
            }
            assertThat(stored).as("every trip answered 201 is stored").containsAll(answered);
            return stored.size();
        }
    }

    private Process start() throws IOException {
        Path jar = Path.of("target", "trip-service.jar");
        assertThat(jar).as("the packaged service (failsafe runs after package)").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // the JVM options ./travya up and the images run the services with, from the bean definitions
                // Spring AOT generated at package time
                "@" + Path.of("..", "infra", "service.jvm").toAbsolutePath().normalize(),
                "-Dspring.aot.enabled=true",
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--spring.datasource.url=" + at.jdbcUrl(corner),
                "--spring.kafka.bootstrap-servers=" + at.kafkaBootstrap(),
                "--travya.registry.url=" + at.registryUrl(),
                "--spring.data.redis.host=" + at.redisHost(),
                "--spring.data.redis.port=" + at.redisPort(),
                "--travya.events.topic-prefix=" + corner,
                "--travya.consumer.group-prefix=" + corner + ".",
                "--travya.redis.key-prefix=" + corner,
                "--travya.relay.slot-name=trips_outbox_" + corner,
                "--spring.kafka.consumer.properties.metadata.max.age.ms=1000"));
        File log = Path.of("target", "kill-nine-" + corner + ".log").toFile();
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        builder.environment().putAll(testCorner.serviceEnvironment("trip-service"));
        builder.environment().put("TRAVYA_SIGNING_KEY_ENCRYPTION_KEY", SIGNING_KEY_ENCRYPTION_KEY);
        Process process = builder.start();
        HttpApi management = new HttpApi(managementPort);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    assertThat(process.isAlive())
                            .as("the service is running; see " + log)
                            .isTrue();
                    try {
                        return management
                                        .get("/actuator/health/readiness", null)
                                        .status()
                                == 200;
                    } catch (RuntimeException notYet) {
                        return false;
                    }
                });
        return process;
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
