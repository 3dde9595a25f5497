package io.travya.tools;

import io.travya.platform.test.Endpoints;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestInfrastructure;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The three packaged services (the jars next to this module), started as their own processes against a private corner of the test
 * servers (database, slots, topics, consumer groups, Redis keys), as they run in production: one
 * instance of each, or a fleet of several behind the packaged gateway ({@link #fleet}).
 */
public final class ServiceStack implements AutoCloseable {

    private static final Map<String, String> SCHEMAS =
            Map.of("trip-service", "trips", "booking-service", "bookings", "conversation-service", "conversations");
    private static final List<String> SERVICES = List.of("trip-service", "booking-service", "conversation-service");
    /** How long a stopping instance of a fleet serves on after its readiness went down. */
    private static final String SHUTDOWN_DRAIN = "8s";

    private static final String REDIS_CLUSTER_NODES = "--travya.redis.cluster-nodes=";
    /** The packaged gateway, in {@link #ports} and {@link #managementPorts} like a service. */
    public static final String GATEWAY = "gateway";

    public final String corner;
    public final Endpoints at;
    public final Map<String, Integer> ports = new LinkedHashMap<>();
    /** Each service's management port (actuator: health, metrics), apart from its API port. */
    public final Map<String, Integer> managementPorts = new LinkedHashMap<>();
    /** Every instance's API port, by service, instance 0 first. */
    public final Map<String, List<Integer>> instancePorts = new LinkedHashMap<>();
    /** Every instance's management port, by service, instance 0 first. */
    public final Map<String, List<Integer>> instanceManagementPorts = new LinkedHashMap<>();

    private final TestCorner testCorner;
    private final Path repository;
    private final Path logDirectory;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final List<String> gatewaySettings;
    /** More {@code --name=value} settings for every service instance (e.g. a log level). */
    private final List<String> serviceSettings;
    /** Each instance's command (from its AOT cache when there is one) and environment, by instance name. */
    private final Map<String, List<String>> commands = new LinkedHashMap<>();

    /** Filled by the commands, which may be made side by side ({@link #makeCommands}). */
    private final Map<String, Map<String, String>> environments = new ConcurrentHashMap<>();

    private final Map<String, Long> startedAt = new LinkedHashMap<>();
    private final Map<String, Duration> readyAfter = new LinkedHashMap<>();
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
        this(repository, logDirectory, services, false);
    }

    /**
     * @param settings more {@code --name=value} settings for every service (e.g. a log level)
     */
    public ServiceStack(Path repository, Path logDirectory, List<String> services, List<String> settings)
            throws IOException {
        this(TestInfrastructure.endpoints(), repository, logDirectory, services, 1, false, settings);
    }

    /**
     * Starts the services named, with more settings for each, on these servers: those of
     * {@link TestInfrastructure#kafkaCluster()} run them against the cluster mode's Kafka (the corner's
     * topics and Kafka users are made there).
     */
    public static ServiceStack on(
            Endpoints servers, Path repository, Path logDirectory, List<String> services, List<String> settings)
            throws IOException {
        return new ServiceStack(servers, repository, logDirectory, services, 1, false, settings);
    }

    /**
     * Starts the services named with more settings for each ({@code serviceSettings}) and the packaged
     * gateway in front of them with its own ({@code gatewaySettings}).
     */
    public static ServiceStack withGateway(
            Path repository,
            Path logDirectory,
            List<String> services,
            List<String> serviceSettings,
            String... gatewaySettings)
            throws IOException {
        return new ServiceStack(
                TestInfrastructure.endpoints(),
                repository,
                logDirectory,
                services,
                1,
                true,
                serviceSettings,
                gatewaySettings);
    }

    /**
     * Starts the services named and, with {@code gateway}, the packaged gateway in front of them
     * (routing to the services of this stack only; {@link #gateway()}), with the settings given
     * ({@code --travya.gateway.rate-limits.per-user.requests=5}) on top of its own.
     */
    public ServiceStack(
            Path repository, Path logDirectory, List<String> services, boolean gateway, String... gatewaySettings)
            throws IOException {
        this(
                TestInfrastructure.endpoints(),
                repository,
                logDirectory,
                services,
                1,
                gateway,
                List.of(),
                gatewaySettings);
    }

    /**
     * Every service {@code instances} times, each instance on ports of its own, and the packaged
     * gateway in front of them all: the instances share the corner (one database, one relay slot per
     * service and so one relay leader, shared consumer groups), as the instances of ./travya up
     * --instances N do. A stopping instance serves on for a while after its readiness went down, so
     * that the gateway stops sending to it first (travya.web.shutdown-drain).
     */
    public static ServiceStack fleet(Path repository, Path logDirectory, int instances, String... gatewaySettings)
            throws IOException {
        return new ServiceStack(
                TestInfrastructure.endpoints(),
                repository,
                logDirectory,
                SERVICES,
                instances,
                true,
                List.of(),
                gatewaySettings);
    }

    private ServiceStack(
            Endpoints servers,
            Path repository,
            Path logDirectory,
            List<String> services,
            int instances,
            boolean withGateway,
            List<String> serviceSettings,
            String... gatewaySettings)
            throws IOException {
        this.gatewaySettings = List.of(gatewaySettings);
        this.serviceSettings = List.copyOf(serviceSettings);
        this.repository = repository;
        this.logDirectory = logDirectory;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        signingKeyEncryptionKey = Base64.getEncoder().encodeToString(key);
        at = servers;
        corner = TestInfrastructure.newCornerName();
        testCorner = TestInfrastructure.createCorner(corner, servers);
        for (String service : services) {
            for (int i = 0; i < instances; i++) {
                try (ServerSocket api = new ServerSocket(0);
                        ServerSocket management = new ServerSocket(0)) {
                    instancePorts
                            .computeIfAbsent(service, s -> new ArrayList<>())
                            .add(api.getLocalPort());
                    instanceManagementPorts
                            .computeIfAbsent(service, s -> new ArrayList<>())
                            .add(management.getLocalPort());
                }
            }
            ports.put(service, instancePorts.get(service).get(0));
            managementPorts.put(service, instanceManagementPorts.get(service).get(0));
        }
        if (withGateway) {
            try (ServerSocket api = new ServerSocket(0);
                    ServerSocket management = new ServerSocket(0)) {
                ports.put(GATEWAY, api.getLocalPort());
                managementPorts.put(GATEWAY, management.getLocalPort());
            }
        }
        try {
            // every command first (making any missing AOT cache), so that the processes start together
            makeCommands(services, instances);
            for (String service : services) {
                for (int i = 0; i < instances; i++) {
                    start(service, i);
                }
            }
            // the gateway starts beside the services: it reaches an instance only once a request asks
            // for its service (LoadBalancer checks a service's instances from its first request on), and
            // no request comes before every instance is ready
            if (withGateway) {
                startGateway();
            }
            for (String service : services) {
                for (int i = 0; i < instances; i++) {
                    awaitReady(service, i);
                }
            }
            if (withGateway) {
                awaitReady(GATEWAY, management(GATEWAY), processes.get(GATEWAY));
                // the gateway checks a service's instances from the first request for it on, and a first
                // check slower than its timeout finds none ready (503): callers get a gateway that routes
                for (String service : services) {
                    awaitRouted(service);
                }
            }
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

    /** The API through the gateway (a stack started with it): every service's, balanced over its instances. */
    public HttpApi gateway() {
        if (!ports.containsKey(GATEWAY)) {
            throw new IllegalStateException("This stack was started without the gateway");
        }
        return new HttpApi(ports.get(GATEWAY));
    }

    public HttpApi api(String service) {
        return new HttpApi(ports.get(service));
    }

    /** One instance of a service, directly (not through the gateway). */
    public HttpApi api(String service, int instance) {
        return new HttpApi(instancePorts.get(service).get(instance));
    }

    /** One instance's actuator endpoints. */
    public HttpApi management(String service, int instance) {
        return new HttpApi(instanceManagementPorts.get(service).get(instance));
    }

    public int instances(String service) {
        return instancePorts.get(service).size();
    }

    /** Stops an instance as an operator does (SIGTERM: graceful shutdown) and waits until it has exited. */
    public void stop(String service, int instance) throws InterruptedException {
        stopTogether(List.of(new Instance(service, instance)));
    }

    /** Kills an instance outright (SIGKILL), as a crash would, and waits until it is gone. */
    public void kill(String service, int instance) throws InterruptedException {
        Process process = processes.get(instanceName(service, instance));
        process.destroyForcibly();
        process.waitFor();
    }

    /** Starts a stopped instance again, on its ports, and waits until it is ready. */
    public void restart(String service, int instance) {
        startTogether(List.of(new Instance(service, instance)));
    }

    /** Stops every instance of a service together (SIGTERM) and waits until all have exited. */
    public void stopEveryInstance(String service) throws InterruptedException {
        stopTogether(everyInstanceOf(service));
    }

    /** Starts every stopped instance of a service again together and waits until all are ready. */
    public void restartEveryInstance(String service) {
        startTogether(everyInstanceOf(service));
    }

    /**
     * Restarts one instance of each service named at once, as the overlapping rolling updates of
     * independent deployments do: stops them together (SIGTERM), waits until all have exited, then
     * starts them again together and waits until all are ready.
     */
    public void restartTogether(List<String> services, int instance) throws InterruptedException {
        List<Instance> together = services.stream()
                .map(service -> new Instance(service, instance))
                .toList();
        stopTogether(together);
        startTogether(together);
    }

    private record Instance(String service, int index) {
        String name() {
            return instanceName(service, index);
        }
    }

    private List<Instance> everyInstanceOf(String service) {
        return IntStream.range(0, instances(service))
                .mapToObj(i -> new Instance(service, i))
                .toList();
    }

    private void stopTogether(List<Instance> together) throws InterruptedException {
        for (Instance instance : together) {
            processes.get(instance.name()).destroy();
        }
        for (Instance instance : together) {
            if (!processes.get(instance.name()).waitFor(90, TimeUnit.SECONDS)) {
                throw new IllegalStateException(instance.name() + " did not stop within 90 s");
            }
        }
    }

    private void startTogether(List<Instance> together) {
        for (Instance instance : together) {
            if (processes.get(instance.name()).isAlive()) {
                throw new IllegalStateException(instance.name() + " is still running");
            }
        }
        for (Instance instance : together) {
            start(instance.service(), instance.index());
        }
        for (Instance instance : together) {
            awaitReady(instance.service(), instance.index());
        }
    }

    /** Stops a service (its only or first instance) as an operator would: SIGTERM, graceful shutdown. */
    public void stop(String service) throws InterruptedException {
        stop(service, 0);
    }

    /** Kills a service (its only or first instance) with SIGKILL: no shutdown hook, no flush. */
    public void kill(String service) throws InterruptedException {
        kill(service, 0);
    }

    /** Starts a stopped or killed service (its only or first instance) again and waits until it is ready. */
    public void restart(String service) {
        restart(service, 0);
    }

    /**
     * Stops the service, with SIGKILL when {@code crash} (as the kernel's OOM killer or a lost node
     * would) or else SIGTERM, starts it again as it was (same ports and corner) and returns once it is
     * ready, with the time its new process took to get there.
     */
    public Duration restart(String service, boolean crash) throws InterruptedException {
        if (crash) {
            kill(service);
        } else {
            stop(service);
        }
        restart(service);
        return readyAfter.get(service);
    }

    /** How long the service took from the start of its process to its readiness (UP). */
    public Duration readyAfter(String service) {
        return readyAfter.get(service);
    }

    /** How long one instance's latest process took from its start to its readiness (UP). */
    public Duration readyAfter(String service, int instance) {
        return readyAfter.get(instanceName(service, instance));
    }

    /** From the first process started to the last one ready: the three started together. */
    public Duration allReadyAfter() {
        long first =
                startedAt.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = readyAfter.entrySet().stream()
                .mapToLong(entry ->
                        startedAt.get(entry.getKey()) + entry.getValue().toNanos())
                .max()
                .orElseThrow();
        return Duration.ofNanos(last - first);
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
                        null,
                        at.tlsCa(),
                        List.of())
                .withRedisCluster(redisClusterNodes())
                .withServices(
                        "http://127.0.0.1:" + ports.get("trip-service"),
                        "http://127.0.0.1:" + ports.get("booking-service"),
                        "http://127.0.0.1:" + ports.get("conversation-service"));
    }

    /**
     * The setting that puts a stack's read models in the Redis Cluster that runs beside the standalone
     * Redis (a service setting: {@code new ServiceStack(repository, logs, services, List.of(inRedisCluster(at)))}).
     */
    public static String inRedisCluster(Endpoints at) {
        if (!at.redisClusterRuns()) {
            throw new IllegalStateException(
                    "No Redis Cluster runs: ./travya env exports TRAVYA_REDIS_CLUSTER_NODES while one does");
        }
        return REDIS_CLUSTER_NODES + String.join(",", at.redisClusterNodes());
    }

    /** The Redis Cluster nodes the services were given ({@link #inRedisCluster}); none: the standalone Redis. */
    public List<String> redisClusterNodes() {
        return serviceSettings.stream()
                .filter(setting -> setting.startsWith(REDIS_CLUSTER_NODES))
                .reduce((first, last) -> last)
                .map(setting -> Settings.nodes(setting.substring(REDIS_CLUSTER_NODES.length())))
                .orElse(List.of());
    }

    /** The tools' view of this corner with Redis as the corner's operator (infra/redis/users.acl). */
    public Settings operatorSettings() {
        String uri = testCorner.redisUriAs("operator");
        String credentials = uri.substring(uri.indexOf("://") + 3, uri.indexOf('@'));
        return settings()
                .withRedisUser(
                        credentials.substring(0, credentials.indexOf(':')),
                        credentials.substring(credentials.indexOf(':') + 1));
    }

    private static String instanceName(String service, int instance) {
        return instance == 0 ? service : service + "-" + instance;
    }

    /** The file a service's (or an instance's, {@code booking-service-1}) output goes to. */
    public Path log(String name) {
        return logDirectory.resolve(name + "-" + corner + ".log");
    }

    private List<String> command(String service, int instance) {
        Path jar = repository.resolve(service).resolve("target").resolve(service + ".jar");
        if (!jar.toFile().exists()) {
            throw new IllegalStateException("The packaged " + service + " is missing: " + jar.toAbsolutePath());
        }
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=" + instancePorts.get(service).get(instance),
                "--management.server.port="
                        + instanceManagementPorts.get(service).get(instance),
                "--spring.datasource.url=" + at.jdbcUrl(corner),
                "--spring.kafka.bootstrap-servers=" + at.kafkaBootstrap(),
                "--travya.registry.url=" + at.registryUrl(),
                "--spring.data.redis.host=" + at.redisHost(),
                "--spring.data.redis.port=" + at.redisPort(),
                "--travya.events.topic-prefix=" + corner,
                "--travya.consumer.group-prefix=" + corner + ".",
                "--travya.redis.key-prefix=" + corner,
                "--travya.relay.slot-name=" + SCHEMAS.get(service) + "_outbox_" + corner,
                // every trip-service instance's keys (the same keys), so that one stopped instance does not stop
                // the others from verifying tokens, as ./travya up --instances N passes them
                "--travya.security.jwks-uri="
                        + String.join(
                                ",",
                                instancePorts.get("trip-service").stream()
                                        .map(port -> "http://127.0.0.1:" + port + "/.well-known/jwks.json")
                                        .toList()),
                "--spring.datasource.hikari.minimum-idle=2",
                "--spring.kafka.consumer.properties.metadata.max.age.ms=1000",
                // JSON lines (ECS, with trace and span ids), as ./travya up runs them
                "--logging.structured.format.console=ecs"));
        if (instances(service) > 1) {
            // longer than the gateway takes to see a stopping instance is not ready (its readiness checks
            // every TRAVYA_GATEWAY_HEALTH_CHECK_INTERVAL, 2 s), with room for a machine so busy that the
            // gateway's timers run late
            arguments.add("--travya.web.shutdown-drain=" + SHUTDOWN_DRAIN);
        }
        if (redisClusterNodes().isEmpty()) {
            // the standalone Redis, even where the environment names a Redis Cluster (TRAVYA_REDIS_CLUSTER_NODES)
            arguments.add(REDIS_CLUSTER_NODES);
        }
        arguments.addAll(serviceSettings);
        Map<String, String> environment =
                environments.computeIfAbsent(instanceName(service, instance), name -> new LinkedHashMap<>());
        environment.put("MALLOC_ARENA_MAX", "2");
        environment.putAll(testCorner.serviceEnvironment(service));
        if (service.equals("trip-service")) {
            environment.put("TRAVYA_SIGNING_KEY_ENCRYPTION_KEY", signingKeyEncryptionKey);
        }
        // the options ./travya up runs the services with (their jars' Spring AOT bean definitions too), and the
        // AOT cache it starts them from
        return AotCache.command(
                Path.of(System.getProperty("java.home"), "bin", "java"),
                Stream.concat(jvmOptions(service).stream(), Stream.of("-Dspring.aot.enabled=true"))
                        .toList(),
                jar,
                arguments,
                environment);
    }

    /**
     * The JVM options {@code ./travya up} gives a module: infra/service.jvm, then the module's own
     * infra/jvm/&lt;module&gt;.jvm where there is one (its heap; the last -Xmx wins).
     */
    private List<String> jvmOptions(String module) {
        Path infra = repository.resolve("infra").toAbsolutePath();
        Path own = infra.resolve("jvm").resolve(module + ".jvm");
        return Files.isRegularFile(own)
                ? List.of("@" + infra.resolve("service.jvm"), "@" + own)
                : List.of("@" + infra.resolve("service.jvm"));
    }

    /**
     * Every instance's command. A missing AOT cache is made by a training run as long as a start: the
     * services' first instances make theirs side by side, the other instances then find them made
     * (two training runs of one jar would write the same file).
     */
    private void makeCommands(List<String> services, int instances) {
        try (ExecutorService training = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<List<String>>> first = new LinkedHashMap<>();
            for (String service : services) {
                first.put(service, training.submit(() -> command(service, 0)));
            }
            for (String service : services) {
                commands.put(instanceName(service, 0), first.get(service).get());
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        for (String service : services) {
            for (int i = 1; i < instances; i++) {
                commands.put(instanceName(service, i), command(service, i));
            }
        }
    }

    private void start(String service, int instance) {
        String name = instanceName(service, instance);
        try {
            ProcessBuilder builder = new ProcessBuilder(commands.get(name))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile()));
            builder.environment().putAll(environments.get(name));
            long started = System.nanoTime();
            processes.put(name, builder.start());
            startedAt.put(name, started);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + name, e);
        }
    }

    /**
     * The gateway, routing to this stack's instances (every instance of every service it runs, and
     * none of a service it does not run), with its rate limits under the corner's prefix, as the
     * corner's gateway Redis user.
     */
    private void startGateway() {
        Path jar = repository.resolve(GATEWAY).resolve("target").resolve(GATEWAY + ".jar");
        if (!jar.toFile().exists()) {
            throw new IllegalStateException("The packaged gateway is missing: " + jar.toAbsolutePath());
        }
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions(GATEWAY));
        command.addAll(List.of(
                "-jar",
                jar.toString(),
                "--server.port=" + ports.get(GATEWAY),
                "--management.server.port=" + managementPorts.get(GATEWAY),
                "--spring.data.redis.host=" + at.redisHost(),
                "--spring.data.redis.port=" + at.redisPort(),
                "--travya.gateway.rate-limits.key-prefix=" + corner,
                // JSON lines (ECS, with trace and span ids), as ./travya up runs it
                "--logging.structured.format.console=ecs"));
        if (at.tlsCa() != null) {
            // Redis over TLS, trusting the servers' CA, as ./travya up starts it
            command.addAll(List.of(
                    "--spring.data.redis.ssl.enabled=true",
                    "--spring.data.redis.ssl.bundle=travya",
                    "--spring.ssl.bundle.pem.travya.truststore.certificate=file:" + at.tlsCa()));
        }
        command.addAll(gatewayInstances());
        command.addAll(gatewaySettings);
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(
                            ProcessBuilder.Redirect.appendTo(log(GATEWAY).toFile()));
            builder.environment().put("MALLOC_ARENA_MAX", "2");
            builder.environment().putAll(testCorner.serviceEnvironment(GATEWAY));
            // as ./travya up runs it: instances that stop are skipped within about 2 s (their drain is longer)
            builder.environment().put("TRAVYA_GATEWAY_HEALTH_CHECK_INTERVAL", "2s");
            processes.put(GATEWAY, builder.start());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the gateway", e);
        }
    }

    /**
     * The gateway's instance lists (Spring Cloud's simple discovery), replacing the single-instance
     * ones of its application.yml: every instance of each service of this stack, with the management
     * port where the gateway checks it is ready.
     */
    private List<String> gatewayInstances() {
        List<String> arguments = new ArrayList<>();
        for (String service : SERVICES) {
            String instances = "--spring.cloud.discovery.client.simple.instances." + service;
            if (!instancePorts.containsKey(service)) {
                arguments.add(instances + "=");
                continue;
            }
            for (int i = 0; i < instances(service); i++) {
                arguments.add(instances + "[" + i + "].uri=http://127.0.0.1:"
                        + instancePorts.get(service).get(i));
                arguments.add(instances + "[" + i + "].metadata.management-port="
                        + instanceManagementPorts.get(service).get(i));
            }
        }
        return arguments;
    }

    private void awaitReady(String service, int instance) {
        awaitReady(
                instanceName(service, instance),
                management(service, instance),
                processes.get(instanceName(service, instance)));
    }

    private void awaitReady(String service, HttpApi api, Process process) {
        awaitAnswer(service, process, "ready", api, "/actuator/health/readiness");
        if (startedAt.containsKey(service)) {
            readyAfter.put(service, Duration.ofNanos(System.nanoTime() - startedAt.get(service)));
        }
    }

    /** Until the gateway routes to the service: its API document, through the gateway, answers 200. */
    private void awaitRouted(String service) {
        awaitAnswer(GATEWAY, processes.get(GATEWAY), "routing to " + service, gateway(), "/api-docs/" + service);
    }

    /** Until {@code path} answers 200, as long as {@code process} lives and the start timeout allows. */
    private void awaitAnswer(String name, Process process, String state, HttpApi api, String path) {
        Duration patience = startTimeout();
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited; see " + log(name));
            }
            try {
                if (api.get(path, null).status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " was not " + state + " within " + patience);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * How long a service may take to be ready: TRAVYA_SERVICE_START_TIMEOUT seconds, as ./travya up,
     * or -Dtravya.stack.ready-minutes; generous by default, because several services start at once and
     * on a busy two-core machine trip-service took over 8 minutes.
     */
    private static Duration startTimeout() {
        String seconds = System.getenv("TRAVYA_SERVICE_START_TIMEOUT");
        return seconds == null || seconds.isBlank()
                ? Duration.ofMinutes(Long.getLong("travya.stack.ready-minutes", 15))
                : Duration.ofSeconds(Long.parseLong(seconds));
    }

    /** The process of a service, to watch its footprint. */
    public Process process(String service) {
        return processes.get(service);
    }

    /** The process of one instance. */
    public Process process(String service, int instance) {
        return processes.get(instanceName(service, instance));
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
