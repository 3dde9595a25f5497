package io.travya.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.travya.events.EventTopic;
import io.travya.platform.test.Checkout;
import io.travya.platform.test.Endpoints;
import io.travya.platform.test.NodePackage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Runs the example consumer for analytics teams ({@code examples/analytics-consumer}: Node.js,
 * kafkajs and the registry's Confluent-compatible API, no Travya code) over every topic of a test
 * corner, as another team would run it, and checks what it printed against the topics themselves.
 */
final class AnalyticsExampleConsumer {

    private static final LocalDate FIRST_DAY = LocalDate.of(1900, 1, 1);
    private static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);
    private static final Set<String> DATE_TYPES = Set.of("date", "timestamp-micros", "timestamp-millis");

    private AnalyticsExampleConsumer() {}

    /**
     * Every record on every topic of the corner is decoded, none fails, and every date or time it
     * printed lies within 1900-01-01 .. 9999-12-31.
     */
    static void decodesEveryRecordOnEveryTopicOf(String corner, Endpoints at) {
        Map<String, Long> onTheTopics = recordsPerTopic(corner, at);
        for (EventTopic topic : EventTopic.values()) {
            assertThat(onTheTopics.get(topic.nameWithPrefix(corner)))
                    .as("events on %s, for the example consumer to read", topic.nameWithPrefix(corner))
                    .isPositive();
        }

        NodePackage example = NodePackage.install(Checkout.root().resolve("examples/analytics-consumer"));
        NodePackage.Result run = example.run(
                "consume.js",
                List.of(
                        "--bootstrap",
                        at.kafkaBootstrap(),
                        "--registry",
                        at.registryUrl() + "/apis/ccompat/v7",
                        "--topics",
                        String.join(",", onTheTopics.keySet()),
                        "--group",
                        corner + ".analytics-example." + UUID.randomUUID(),
                        "--idle-seconds",
                        "8"),
                kafkaLogin(at),
                Duration.ofMinutes(5));
        assertThat(run.exitCode()).as(run.toString()).isZero();

        ObjectMapper json = new ObjectMapper();
        Map<String, Long> decoded = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        List<String> datesOutOfRange = new ArrayList<>();
        Map<String, Integer> datesSeen = new HashMap<>();
        JsonNode summary = null;
        for (String line : run.stdout().lines().toList()) {
            JsonNode node = json.readTree(line);
            if (node.has("summary")) {
                summary = node.get("summary");
                continue;
            }
            String topic = node.get("topic").asString();
            if (node.has("error")) {
                failures.add(line);
                continue;
            }
            decoded.merge(topic, 1L, Long::sum);
            List<String[]> dates = new ArrayList<>();
            collectDates(schemaOf(corner, topic), node.get("value"), "value", dates);
            datesSeen.merge(topic, dates.size(), Integer::sum);
            for (String[] date : dates) {
                if (!withinTheSupportedRange(date[1])) {
                    datesOutOfRange.add(topic + " offset " + node.get("offset") + " " + date[0] + " = " + date[1]);
                }
            }
        }

        assertThat(failures).as("records the example consumer could not decode").isEmpty();
        assertThat(decoded).as("records decoded per topic").isEqualTo(withoutEmpty(onTheTopics));
        assertThat(summary).as("the summary line\n" + run).isNotNull();
        assertThat(summary.get("failed").asLong()).isZero();
        assertThat(summary.get("records").asLong())
                .isEqualTo(
                        onTheTopics.values().stream().mapToLong(Long::longValue).sum());
        for (EventTopic topic : EventTopic.values()) {
            assertThat(datesSeen.get(topic.nameWithPrefix(corner)))
                    .as("dates and times printed for %s", topic)
                    .isPositive();
        }
        assertThat(datesOutOfRange).as("dates outside 1900-01-01 .. 9999-12-31").isEmpty();
        System.out.println(
                "[system] the example consumer decoded " + decoded + ", " + datesSeen + " dates and times checked");
    }

    /**
     * The example's Kafka login, in its environment: the test servers' super user (PLAIN), standing in
     * for the SASL user an analytics team is given; none where the broker takes anonymous clients.
     */
    private static Map<String, String> kafkaLogin(Endpoints at) {
        Map<String, String> environment = new HashMap<>();
        if (at.tlsCa() != null) {
            environment.put("TLS_CA_FILE", at.tlsCa());
        }
        if (at.kafkaSecured()) {
            environment.put("KAFKA_SASL_MECHANISM", "plain");
            environment.put("KAFKA_USERNAME", at.kafkaAdminUser());
            environment.put("KAFKA_PASSWORD", at.kafkaAdminPassword());
        }
        return environment;
    }

    /** How many records each topic of the corner holds, read from the beginning with a plain consumer. */
    private static Map<String, Long> recordsPerTopic(String corner, Endpoints at) {
        Set<String> topics;
        try (Admin admin = Admin.create(at.kafkaAdmin())) {
            topics = admin.listTopics().names().get().stream()
                    .filter(name -> name.startsWith(corner + "."))
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot list the topics of " + corner, e);
        }
        Map<String, Long> counts = new TreeMap<>();
        topics.forEach(topic -> counts.put(topic, 0L));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(at.kafkaAdminWith(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class)))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo partition : consumer.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, partition.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                assertThat(System.nanoTime())
                        .as("reading the topics of " + corner)
                        .isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        counts.merge(record.topic(), 1L, Long::sum);
                    }
                }
            }
        }
        return counts;
    }

    private static Map<String, Long> withoutEmpty(Map<String, Long> counts) {
        Map<String, Long> nonEmpty = new TreeMap<>(counts);
        nonEmpty.values().removeIf(count -> count == 0);
        return nonEmpty;
    }

    /** The schema of a corner's topic or of its dead-letter topic (the same records). */
    private static Schema schemaOf(String corner, String topic) {
        for (EventTopic candidate : EventTopic.values()) {
            String name = candidate.nameWithPrefix(corner);
            if (topic.equals(name) || topic.equals(name + ".DLT")) {
                return candidate.schema();
            }
        }
        throw new IllegalStateException("No schema for topic " + topic);
    }

    /** Every value printed where the schema has a date or a timestamp: {path, value}. */
    private static void collectDates(Schema schema, JsonNode value, String path, List<String[]> dates) {
        if (value == null || value.isNull()) {
            return;
        }
        LogicalType logical = schema.getLogicalType();
        if (logical != null && DATE_TYPES.contains(logical.getName())) {
            dates.add(new String[] {path, value.asString()});
            return;
        }
        switch (schema.getType()) {
            case RECORD ->
                schema.getFields()
                        .forEach(field -> collectDates(
                                field.schema(), value.get(field.name()), path + "." + field.name(), dates));
            case ARRAY -> {
                for (int i = 0; i < value.size(); i++) {
                    collectDates(schema.getElementType(), value.get(i), path + "[" + i + "]", dates);
                }
            }
            case MAP ->
                value.properties()
                        .forEach(entry -> collectDates(
                                schema.getValueType(), entry.getValue(), path + "." + entry.getKey(), dates));
            case UNION -> {
                Collection<Schema> branches = schema.getTypes().stream()
                        .filter(branch -> branch.getType() != Schema.Type.NULL)
                        .toList();
                for (Schema branch : branches) {
                    // a union of null and one type is printed unwrapped; others as {"<type>": value}
                    JsonNode inside = branches.size() == 1 ? value : value.get(branch.getFullName());
                    collectDates(branch, inside, path, dates);
                }
            }
            default -> {}
        }
    }

    private static boolean withinTheSupportedRange(String printed) {
        LocalDate day = printed.length() > 10 && printed.contains("T")
                ? LocalDate.ofInstant(Instant.parse(printed), java.time.ZoneOffset.UTC)
                : LocalDate.parse(printed);
        return !day.isBefore(FIRST_DAY) && !day.isAfter(LAST_DAY);
    }
}
