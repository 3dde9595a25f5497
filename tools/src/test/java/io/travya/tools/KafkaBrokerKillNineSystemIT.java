package io.travya.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.events.TripEvent;
import io.travya.events.TripEventType;
import io.travya.platform.test.Endpoints;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestInfrastructure;
import io.travya.platform.test.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 18's first fault test, in cluster mode: the packaged trip-service against the three-node
 * Kafka (replication factor 3, min.insync.replicas 2, its relay's producer with acks=all and
 * idempotence). While 5,000 trips are created through the API, the broker that leads most of the
 * trips topic's partitions is killed with SIGKILL. Every trip answered 201 must reach Kafka and be
 * counted exactly once, the read models must verify with no difference, and the broker, started
 * again, must rejoin and catch up (back among the in-sync replicas of every partition). The figures
 * (requests, 201s, times to recover) are printed, never asserted.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class KafkaBrokerKillNineSystemIT {

    private static final int TRIPS = 5_000;
    private static final int CLIENTS = 8;
    private static final int USERS = 20;
    private static final String PASSWORD = "long enough pw";

    private Endpoints cluster;
    private KafkaClusterNodes nodes;
    private ServiceStack stack;
    private HttpApi api;

    @BeforeEach
    void start() throws Exception {
        cluster = TestInfrastructure.kafkaCluster();
        nodes = new KafkaClusterNodes(cluster, Path.of("target"));
        assertThat(nodes.brokers()).as("the cluster's brokers").hasSize(3);
        // the three services (the read models are verified against all three databases), creating their
        // topics with three replicas, as ./travya up --cluster runs them
        stack = ServiceStack.on(
                cluster,
                Path.of(".."),
                Path.of("target"),
                List.of("trip-service", "booking-service", "conversation-service"),
                List.of("--travya.events.replication-factor=3"));
        say("services ready in %d s", stack.allReadyAfter().toSeconds());
        api = stack.api("trip-service");
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (stack != null) {
                stack.close();
            }
        } finally {
            if (nodes != null) {
                // a test that failed half-way leaves no node down for the next one
                if (Stream.of(1, 2, 3).anyMatch(id -> nodes.pid(id).isEmpty())) {
                    nodes.startTheStoppedNodes();
                }
                nodes.close();
            }
        }
    }

    @Test
    void whenTheBrokerLeadingTheTripsPartitionsIsKilledDuringTripCreationEveryTripAnswered201IsInKafkaAndCountedOnce()
            throws Exception {
        String topic = stack.testCorner().topic("trips");
        assertTheClusterShape(topic);
        Map<String, String> tokens = new HashMap<>();
        for (int i = 0; i < USERS; i++) {
            String name = SystemUsers.register(api, PASSWORD);
            tokens.put(name, login(name));
        }
        List<String> users = List.copyOf(tokens.keySet());
        say("%d users registered and logged in", USERS);

        Set<String> created = ConcurrentHashMap.newKeySet();
        AtomicInteger answered = new AtomicInteger();
        Map<Integer, AtomicInteger> otherAnswers = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> load = new ArrayList<>();
        long loadStarted = System.nanoTime();
        for (int n = 0; n < TRIPS; n++) {
            String token = tokens.get(users.get(n % users.size()));
            load.add(clients.submit(() -> {
                try {
                    HttpApi.Response response = api.post("/api/v1/trips", trip(), token);
                    if (response.status() == 201) {
                        created.add(response.json().get("id").asString());
                    } else {
                        otherAnswers
                                .computeIfAbsent(response.status(), status -> new AtomicInteger())
                                .incrementAndGet();
                    }
                } catch (RuntimeException noAnswer) {
                    otherAnswers
                            .computeIfAbsent(0, status -> new AtomicInteger())
                            .incrementAndGet();
                }
                answered.incrementAndGet();
            }));
        }
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> answered.get() >= TRIPS / 5);

        int victim = nodes.leaderOfMostPartitions(topic);
        long ledByVictim = nodes.partitions(topic).stream()
                .filter(partition -> partition.leader().id() == victim)
                .count();
        int answeredAtKill = answered.get();
        long killedAt = System.nanoTime();
        nodes.kill(victim);
        say(
                "broker %d (leader of %d of the topic's partitions) killed after %d answers in %.1f s",
                victim, ledByVictim, answeredAtKill, since(loadStarted).toMillis() / 1000.0);
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> nodes.ledWithout(topic, victim));
        Duration newLeaders = since(killedAt);
        say("its partitions led by the others %d ms after the kill", newLeaders.toMillis());

        for (Future<?> request : load) {
            request.get(5, TimeUnit.MINUTES);
        }
        clients.shutdown();
        Duration loadTook = since(loadStarted);
        say(
                "%d creations answered in %.1f s: %d with 201, others %s",
                TRIPS, loadTook.toMillis() / 1000.0, created.size(), otherAnswers);

        Map<String, Integer> createdOnKafka = new HashMap<>();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    createdOnKafka.clear();
                    // the corner's topic: this test's trips only
                    for (TripEvent event : TopicReader.events(
                            cluster,
                            topic,
                            TripEvent.class,
                            event -> event.getEventType() == TripEventType.TripCreated)) {
                        createdOnKafka.merge(String.valueOf(event.getAggregateId()), 1, Integer::sum);
                    }
                    assertThat(createdOnKafka.keySet())
                            .as("every trip answered 201 is on Kafka")
                            .containsAll(created);
                });
        Duration allOnKafka = since(killedAt);
        say("every 201's trip on Kafka %.1f s after the kill", allOnKafka.toMillis() / 1000.0);

        long restartedAt = System.nanoTime();
        nodes.startTheStoppedNodes();
        Duration restarted = since(restartedAt);
        say("broker %d started again by ./travya infra-up in %.1f s", victim, restarted.toMillis() / 1000.0);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> nodes.caughtUp(victim));
        Duration caughtUp = since(restartedAt);

        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> ReadModelChecks.countedOnceAndVerified(
                        api, tokens.values(), createdOnKafka.size(), stack.operatorSettings()));
        long copies =
                createdOnKafka.values().stream().mapToLong(Integer::longValue).sum();
        System.out.printf(
                "[kafka broker kill -9] %d trip creations in %.1f s: %d answered 201, others %s; broker %d "
                        + "(leader of %d of %d partitions) killed after %d answers; partitions led again %d ms after "
                        + "the kill; every 201's trip on Kafka %d ms after it (%d trips, %d records: %d duplicates); "
                        + "broker restarted by ./travya in %.1f s, back in the ISR of each of its partitions %.1f s after "
                        + "the restart%n",
                TRIPS,
                loadTook.toMillis() / 1000.0,
                created.size(),
                otherAnswers,
                victim,
                ledByVictim,
                nodes.partitions(topic).size(),
                answeredAtKill,
                newLeaders.toMillis(),
                allOnKafka.toMillis(),
                createdOnKafka.size(),
                copies,
                copies - createdOnKafka.size(),
                restarted.toMillis() / 1000.0,
                caughtUp.toMillis() / 1000.0);
        assertThat(created).as("trips answered 201").isNotEmpty();
    }

    /** Every partition of the corner's trips topic on three brokers, and a write acknowledged by two. */
    private void assertTheClusterShape(String topic) throws Exception {
        assertThat(nodes.partitions(topic))
                .as("partitions of " + topic)
                .isNotEmpty()
                .allSatisfy(partition -> assertThat(partition.replicas()).hasSize(3));
        try (Admin admin = Admin.create(cluster.kafkaAdmin())) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            String minInSync = admin.describeConfigs(List.of(resource))
                    .all()
                    .get()
                    .get(resource)
                    .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)
                    .value();
            assertThat(minInSync).as(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).isEqualTo("2");
        }
    }

    private static void say(String format, Object... arguments) {
        System.out.printf("[kafka broker kill -9] " + format + "%n", arguments);
    }

    private String login(String name) {
        HttpApi.Response login = api.post("/api/v1/auth/login", Map.of("username", name, "password", PASSWORD), null);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return login.json().get("access_token").asString();
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }

    private static Map<String, Object> trip() {
        return Map.of(
                "title",
                "Load " + UUID.randomUUID(),
                "destination",
                "Lisbon",
                "start_date",
                "2027-05-01",
                "end_date",
                "2027-05-08",
                "budget",
                100,
                "trip_type",
                "leisure");
    }
}
