package io.travya.tools;

import io.travya.platform.test.Checkout;
import io.travya.platform.test.Endpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * The cluster mode's three Kafka nodes as ./travya runs them (infra/lib/kafka-cluster.sh): node
 * {@code n} writes its pid to {@code $TRAVYA_HOME/run/kafka-cluster-n.pid}, and {@code ./travya
 * infra-up kafka_cluster} starts the nodes that do not run, as an operator would after losing one.
 */
final class KafkaClusterNodes implements AutoCloseable {

    private final Path travyaHome;
    private final Path logDirectory;
    private final Admin admin;

    /**
     * @param at the servers with the cluster's Kafka ({@code TestInfrastructure.kafkaCluster()})
     * @param logDirectory where the output of {@code ./travya infra-up} goes
     */
    KafkaClusterNodes(Endpoints at, Path logDirectory) {
        this.logDirectory = logDirectory;
        String home = System.getenv("TRAVYA_HOME");
        this.travyaHome = home == null || home.isBlank() ? Checkout.root().resolve(".travya") : Path.of(home);
        Map<String, Object> config = new HashMap<>(at.kafkaAdmin());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        this.admin = Admin.create(config);
    }

    /** The pid of node {@code id}'s process, when its pid file names a live one. */
    Optional<Long> pid(int id) {
        Path file = travyaHome.resolve("run").resolve("kafka-cluster-" + id + ".pid");
        try {
            if (!Files.isReadable(file)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(file).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Kills node {@code id} outright (SIGKILL), as a lost machine would, and waits until it is gone. */
    void kill(int id) throws Exception {
        long pid = pid(id).orElseThrow(() -> new IllegalStateException("Kafka node " + id + " does not run"));
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        process.destroyForcibly();
        process.onExit().get(30, TimeUnit.SECONDS);
    }

    /**
     * Starts the nodes that do not run with {@code ./travya infra-up kafka_cluster} (in this test's
     * environment: the TRAVYA_* settings {@code ./travya test} exported) and returns once ./travya says
     * every node answers again.
     */
    void startTheStoppedNodes() throws Exception {
        Path log = logDirectory.resolve("kafka-cluster-infra-up.log");
        Process travya = new ProcessBuilder(Checkout.root().resolve("travya").toString(), "infra-up", "kafka_cluster")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!travya.waitFor(5, TimeUnit.MINUTES)) {
            travya.destroy();
            throw new IllegalStateException("./travya infra-up kafka_cluster did not finish in 5 minutes; see " + log);
        }
        if (travya.exitValue() != 0) {
            throw new IllegalStateException(
                    "./travya infra-up kafka_cluster failed (" + travya.exitValue() + "): " + Files.readString(log));
        }
    }

    /** The brokers the cluster counts now (a killed one leaves once the controller fences it). */
    List<Integer> brokers() throws Exception {
        return admin.describeCluster().nodes().get().stream().map(Node::id).toList();
    }

    /** The topic's partitions: leader, replicas and in-sync replicas of each. */
    List<TopicPartitionInfo> partitions(String topic) throws Exception {
        TopicDescription description =
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        return description.partitions();
    }

    /** The broker that leads the most partitions of the topic (the lowest id of those that tie). */
    int leaderOfMostPartitions(String topic) throws Exception {
        Map<Integer, Integer> led = new HashMap<>();
        for (TopicPartitionInfo partition : partitions(topic)) {
            led.merge(partition.leader().id(), 1, Integer::sum);
        }
        return led.entrySet().stream()
                .max(Map.Entry.<Integer, Integer>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .orElseThrow()
                .getKey();
    }

    /** Whether every partition of the topic has a live leader that is not this broker. */
    boolean ledWithout(String topic, int broker) throws Exception {
        return partitions(topic).stream()
                .allMatch(partition -> partition.leader() != null
                        && !partition.leader().isEmpty()
                        && partition.leader().id() != broker);
    }

    /**
     * Whether the broker has caught up: it is among the in-sync replicas of every partition it holds
     * a replica of, on every topic (the internal ones too).
     */
    boolean caughtUp(int broker) throws Exception {
        Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true))
                .names()
                .get();
        return admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(topic -> topic.partitions().stream())
                .filter(partition -> partition.replicas().stream().anyMatch(node -> node.id() == broker))
                .allMatch(partition -> partition.isr().stream().anyMatch(node -> node.id() == broker));
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
