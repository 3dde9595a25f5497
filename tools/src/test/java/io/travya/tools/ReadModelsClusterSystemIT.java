package io.travya.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.travya.platform.test.HttpApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The three services with their read models in the Redis Cluster that ./travya runs beside the
 * standalone Redis (TRAVYA_REDIS_CLUSTER_NODES). First a fault: the master that holds a user's
 * statistics is killed (SIGKILL) while trips are created for that user through the API; its replica
 * takes over, the projector's retries reach it, and the operator's verification finds the read
 * models equal to the database. The killed node, started again, rejoins as a replica. Then
 * {@link ReadModelsSystemIT}'s randomised workload, redeliveries and rebuild, on the cluster. The
 * timings are printed, never asserted.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
@EnabledIfEnvironmentVariable(named = "TRAVYA_REDIS_CLUSTER_NODES", matches = ".+")
class ReadModelsClusterSystemIT {

    @Test
    void aMasterKilledUnderLoadIsReplacedByItsReplicaAndTheReadModelsStillEqualTheDatabaseAsAfterAWorkload()
            throws Exception {
        long seed = Long.getLong("travya.seed", System.nanoTime());
        System.out.println("[cluster] workload seed " + seed + " (rerun with -Dtravya.seed=" + seed + ")");
        try (ServiceStack stack = new ServiceStack(
                Path.of(".."),
                Path.of("target"),
                List.of("trip-service", "booking-service", "conversation-service"),
                List.of(ServiceStack.inRedisCluster(io.travya.platform.test.TestInfrastructure.endpoints())))) {
            aMasterKilledUnderLoad(stack);
            ReadModelsSystemIT.readModelsHoldAfterAWorkloadWithRedeliveriesAndARebuild(stack, new Random(seed), 60);
        }
    }

    private static void aMasterKilledUnderLoad(ServiceStack stack) throws Exception {
        HttpApi trips = stack.api("trip-service");
        ReadModelsSystemIT.Workload workload = new ReadModelsSystemIT.Workload(stack, new Random());
        ReadModelsSystemIT.Workload.User user = workload.register("victim" + stack.corner);
        AtomicInteger created = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<String> unexpected = new CopyOnWriteArrayList<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        int killedPort = 0;
        ExecutorService load = Executors.newFixedThreadPool(2);
        try (RedisClusterClient client = clusterClient(stack);
                StatefulRedisClusterConnection<String, String> cluster = client.connect()) {
            Runnable creating = () -> {
                while (loading.get()) {
                    LocalDate start = LocalDate.now().plusDays(10 + created.get() % 300);
                    HttpApi.Response response = trips.post(
                            "/api/v1/trips",
                            Map.of(
                                    "title",
                                    "Under load",
                                    "destination",
                                    "Oslo",
                                    "start_date",
                                    start.toString(),
                                    "end_date",
                                    start.plusDays(3).toString(),
                                    "trip_type",
                                    "business",
                                    "budget",
                                    12.5),
                            user.token());
                    // while the slots of the dead master have none (a few seconds), requests that read
                    // Redis (every session check does) are refused with 503 and Retry-After, never a 500;
                    // only the trips answered 201 are counted
                    if (response.status() == 201) {
                        created.incrementAndGet();
                    } else if (response.status() == 503 && response.header("Retry-After") != null) {
                        refused.incrementAndGet();
                    } else {
                        unexpected.add(response.toString());
                    }
                }
            };
            List<Future<?>> creators = List.of(load.submit(creating), load.submit(creating));
            await().atMost(Duration.ofSeconds(60)).until(() -> statisticsKey(cluster, stack, user) != null);
            String statsKey = statisticsKey(cluster, stack, user);
            RedisClusterNode master = masterOf(client, cluster, statsKey);
            int port = master.getUri().getPort();
            await().atMost(Duration.ofSeconds(30)).until(() -> created.get() >= 50);

            int before = created.get();
            long killed = System.nanoTime();
            ProcessHandle.of(nodePid(port)).orElseThrow().destroyForcibly();
            killedPort = port;
            System.out.println("[cluster] killed the master on port " + port + " that holds " + statsKey + " after "
                    + before + " trips");
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> masterOf(client, cluster, statsKey).getUri().getPort() != port);
            long failedOver = System.nanoTime();
            // the load goes on for a while on the new master: 100 more trips, or 20 s on a slow machine
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> created.get() >= before + 100 || System.nanoTime() - failedOver > 20_000_000_000L);
            loading.set(false);
            for (Future<?> creator : creators) {
                creator.get(30, TimeUnit.SECONDS);
            }
            long loadEnded = System.nanoTime();

            ReadModelVerifier verifier = new ReadModelVerifier(stack.operatorSettings());
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(
                            () -> assertThat(verifier.verify().differences()).isEmpty());
            long converged = System.nanoTime();
            assertThat(ok(trips.get("/api/v1/trips/stats", user.token()))
                            .json()
                            .get("total_trips")
                            .asLong())
                    .as("every trip answered 201 counted (once: the verification found Redis equal to the database)")
                    .isGreaterThanOrEqualTo(created.get());

            // started again, the killed node rejoins as a replica of the master that replaced it
            startNode(port);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        client.refreshPartitions();
                        RedisClusterNode node = cluster.getPartitions().getPartitions().stream()
                                .filter(n -> n.getUri().getPort() == port)
                                .findFirst()
                                .orElseThrow();
                        return node.is(RedisClusterNode.NodeFlag.REPLICA)
                                && cluster.getConnection("127.0.0.1", port)
                                        .sync()
                                        .info("replication")
                                        .contains("master_link_status:up");
                    });
            long rejoined = System.nanoTime();
            assertThat(unexpected)
                    .as("answers other than 201, or 503 with Retry-After while the slots had no master")
                    .isEmpty();
            System.out.printf(
                    "[cluster] %d trips created (%d requests refused meanwhile), %d after the kill; "
                            + "replica took over %d ms after the kill; "
                            + "read models equal to the database %d ms after the kill (%d ms after the load ended); "
                            + "the killed node a replica again %d ms after its restart; load average %s%n",
                    created.get(),
                    refused.get(),
                    created.get() - before,
                    millis(killed, failedOver),
                    millis(killed, converged),
                    millis(loadEnded, converged),
                    millis(converged, rejoined),
                    Files.readString(Path.of("/proc/loadavg")).strip());
        } finally {
            loading.set(false);
            load.shutdownNow();
            if (killedPort != 0
                    && ProcessHandle.of(nodePid(killedPort))
                            .filter(ProcessHandle::isAlive)
                            .isEmpty()) {
                startNode(killedPort); // whatever failed, the cluster is left whole for the tests after this one
            }
        }
    }

    /** Starts a node ./travya made (infra/lib/redis.sh), from its redis.conf: it daemonizes. */
    private static void startNode(int port) throws Exception {
        new ProcessBuilder(
                        "redis-server",
                        nodeDirectory(port).resolve("redis.conf").toString())
                .inheritIO()
                .start()
                .waitFor(30, TimeUnit.SECONDS);
    }

    /** The user's statistics key in the generation served, once it exists (after their first trip). */
    private static String statisticsKey(
            StatefulRedisClusterConnection<String, String> cluster,
            ServiceStack stack,
            ReadModelsSystemIT.Workload.User user) {
        String generation = cluster.sync().get(stack.corner + ":rm:current");
        if (generation == null) {
            return null;
        }
        String key = stack.corner + ":rm:" + generation + ":stats:{u:" + user.id() + "}";
        return cluster.sync().exists(key) == 1 ? key : null;
    }

    /** The master that serves the key's hash slot now, as the cluster tells. */
    private static RedisClusterNode masterOf(
            RedisClusterClient client, StatefulRedisClusterConnection<String, String> cluster, String key) {
        client.refreshPartitions();
        return cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
    }

    private static RedisClusterClient clusterClient(ServiceStack stack) {
        return stack.at.redisClusterClient();
    }

    /** Where ./travya runs a cluster node (infra/lib/redis.sh): its folder, and its pid file. */
    private static Path nodeDirectory(int port) {
        return Path.of(travyaHome(), "redis-cluster", Integer.toString(port));
    }

    private static long nodePid(int port) throws Exception {
        return Long.parseLong(Files.readString(Path.of(travyaHome(), "run", "redis-cluster-" + port + ".pid"))
                .strip());
    }

    private static String travyaHome() {
        String home = System.getenv("TRAVYA_HOME");
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("TRAVYA_HOME is not set: run the tests through ./travya (it sets it)");
        }
        return home;
    }

    private static long millis(long from, long to) {
        return TimeUnit.NANOSECONDS.toMillis(to - from);
    }

    private static HttpApi.Response ok(HttpApi.Response response) {
        assertThat(response.status()).as(response.toString()).isBetween(200, 299);
        return response;
    }
}
