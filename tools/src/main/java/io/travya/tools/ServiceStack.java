package io.travya.tools;

import io.travya.platform.test.Endpoints;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestInfrastructure;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The three packaged services (the jars next to this module), started as their own processes against a private corner of the test
 * servers (database, slots, topics, consumer groups, Redis keys), as they run in production.
 */
public final class ServiceStack implements AutoCloseable {

    private static final Map<String, String> SCHEMAS =
            Map.of("trip-service", "trips", "booking-service", "bookings", "conversation-service", "conversations");

    public final String corner;
    public final Endpoints at;
    public final Map<String, Integer> ports = new LinkedHashMap<>();
    /** Each service's management port (actuator: health, metrics), apart from its API port. */
    public final Map<String, Integer> managementPorts = new LinkedHashMap<>();

    private final TestCorner testCorner;
    private final Path repository;
    private final Path logDirectory;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    /** trip-service's key-encryption key: the corner's database is new, so any key will do. */
    private final String signingKeyEncryptionKey;

    /**
     * @param repository the checkout whose {@code <service>/target/<service>.jar} are started
     * @param logDirectory where each service's output goes
     */
    public ServiceStack(Path repository, Path logDirectory) throws IOException {
        this(repository, logDirectory, List.of("trip-service", "booking-service", "conversation-service"));
    }

    /** Starts only the services named (trip-service must be among them: the others verify its tokens). */
    public ServiceStack(Path repository, Path logDirectory, List<String> services) throws IOException {
        this.repository = repository;
        this.logDirectory = logDirectory;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        signingKeyEncryptionKey = Base64.getEncoder().encodeToString(key);
        at = TestInfrastructure.endpoints();
        corner = TestInfrastructure.newCornerName();
        testCorner = TestInfrastructure.createCorner(corner);
        for (String service : services) {
            try (ServerSocket api = new ServerSocket(0);
                    ServerSocket management = new ServerSocket(0)) {
                ports.put(service, api.getLocalPort());
                managementPorts.put(service, management.getLocalPort());
            }
        }
        try {
            ports.keySet().forEach(this::start);
            ports.keySet().forEach(this::awaitReady);
        } catch (RuntimeException e) {
            // the services that did start, and the corner, must not outlive a failed start
            try {
                close();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
    }

    public HttpApi api(String service) {
        return new HttpApi(ports.get(service));
    }

    /** The service's actuator endpoints (/actuator/health, /actuator/prometheus). */
    public HttpApi management(String service) {
        return new HttpApi(managementPorts.get(service));
    }

    /** The corner of the test servers the services run in. */
    public TestCorner testCorner() {
        return testCorner;
    }

    /**
     * The tools' view of this corner, as the administrators (the benchmark writes its own keys and
     * records); {@link #operatorSettings()} for the operator's own Redis user.
     */
    public Settings settings() {
        return new Settings(
                        at.pgHost(),
                        at.pgPort(),
                        corner,
                        at.pgAdminUser(),
                        at.pgAdminPassword(),
                        at.redisHost(),
                        at.redisPort(),
                        at.redisAdminUser(),
                        at.redisAdminPassword(),
                        corner,
                        at.kafkaBootstrap(),
                        at.kafkaAdmin(),
                        null,
                        null,
                        null)
                .withServices(
                        "http://127.0.0.1:" + ports.get("trip-service"),
                        "http://127.0.0.1:" + ports.get("booking-service"),
                        "http://127.0.0.1:" + ports.get("conversation-service"));
    }

    /** The tools' view of this corner with Redis as the corner's operator (infra/redis/users.acl). */
    public Settings operatorSettings() {
        String uri = testCorner.redisUriAs("operator");
        String credentials = uri.substring("redis://".length(), uri.indexOf('@'));
        return settings()
                .withRedisUser(
                        credentials.substring(0, credentials.indexOf(':')),
                        credentials.substring(credentials.indexOf(':') + 1));
    }

    private void start(String service) {
        Path jar = repository.resolve(service).resolve("target").resolve(service + ".jar");
        if (!jar.toFile().exists()) {
            throw new IllegalStateException("The packaged " + service + " is missing: " + jar.toAbsolutePath());
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // the options ./travya up runs the services with
                "@" + repository.resolve("infra").resolve("service.jvm").toAbsolutePath(),
                "-jar",
                jar.toString(),
                "--server.port=" + ports.get(service),
                "--management.server.port=" + managementPorts.get(service),
                "--spring.datasource.url=" + at.jdbcUrl(corner),
                "--spring.kafka.bootstrap-servers=" + at.kafkaBootstrap(),
                "--travya.registry.url=" + at.registryUrl(),
                "--spring.data.redis.host=" + at.redisHost(),
                "--spring.data.redis.port=" + at.redisPort(),
                "--travya.events.topic-prefix=" + corner,
                "--travya.consumer.group-prefix=" + corner + ".",
                "--travya.redis.key-prefix=" + corner,
                "--travya.relay.slot-name=" + SCHEMAS.get(service) + "_outbox_" + corner,
                "--travya.security.jwks-uri=http://127.0.0.1:" + ports.get("trip-service") + "/.well-known/jwks.json",
                "--spring.datasource.hikari.minimum-idle=2",
                "--spring.kafka.consumer.properties.metadata.max.age.ms=1000"));
        File log = logDirectory.resolve(service + "-" + corner + ".log").toFile();
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
            builder.environment().put("MALLOC_ARENA_MAX", "2");
            builder.environment().putAll(testCorner.serviceEnvironment(service));
            if (service.equals("trip-service")) {
                builder.environment().put("TRAVYA_SIGNING_KEY_ENCRYPTION_KEY", signingKeyEncryptionKey);
            }
            processes.put(service, builder.start());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + service, e);
        }
    }

    private void awaitReady(String service) {
        HttpApi api = management(service);
        Process process = processes.get(service);
        // a JVM starts in seconds alone, in minutes on two cores that other builds are using
        Duration patience = Duration.ofMinutes(Long.getLong("travya.service-start-minutes", 8));
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        service + " exited; see " + logDirectory.resolve(service + "-" + corner + ".log"));
            }
            try {
                if (api.get("/actuator/health/readiness", null).status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(service + " was not ready within " + patience.toMinutes() + " minutes");
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Stops a service as an operator would (SIGTERM: it finishes what it was doing and shuts down). */
    public void stop(String service) throws InterruptedException {
        Process process = processes.get(service);
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Kills a service with SIGKILL: no shutdown hook, no flush, no goodbye. */
    public void kill(String service) throws InterruptedException {
        processes.get(service).destroyForcibly().waitFor();
    }

    /** Starts a stopped or killed service again, on the same ports, and waits until it is ready. */
    public void restart(String service) {
        start(service);
        awaitReady(service);
    }

    /** The process of a service, to watch its footprint. */
    public Process process(String service) {
        return processes.get(service);
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : processes.values()) {
            process.destroy();
        }
        for (Process process : processes.values()) {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        testCorner.destroy();
    }
}
