package io.travya.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.travya.events.TripEventType;
import io.travya.platform.events.AvroSerdeSettings;
import io.travya.platform.test.TestEvents.TripHistory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged trip-service's relay killed with SIGKILL while thousands of committed events are on
 * their way to Kafka, then started again: every committed event is in Kafka, and for each key in the
 * order its transactions committed. Duplicates are allowed (at-least-once), gaps are not.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES) // a restart of the packaged service takes minutes on a busy machine
class RelayKillNineSystemIT {

    private static final int EVENTS = 10_000;
    private static final int WRITERS = 8;
    private static final int KEYS_PER_WRITER = 25;

    private ServiceStack stack;
    private final AtomicBoolean consuming = new AtomicBoolean(true);
    /** Key → event ids in the order Kafka holds them (one partition per key, read by one thread). */
    private final Map<String, List<String>> inKafka = new ConcurrentHashMap<>();

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws Exception {
        stack = new ServiceStack(Path.of(".."), Path.of("target"), List.of("trip-service"));
    }

    @AfterEach
    void stop() throws Exception {
        consuming.set(false);
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyCommittedEventReachesKafkaInCommitOrderPerKeyWhenTheRelayIsKilledMidStream() throws Exception {
        Settings settings = stack.settings();
        String topic = stack.corner + ".trips";
        byte[] payload = tripEvent(topic);
        Thread consumer = new Thread(() -> consume(settings, topic), "relay-kill-nine-consumer");
        consumer.start();

        Map<String, List<String>> committed = new ConcurrentHashMap<>();
        AtomicInteger claimed = new AtomicInteger();
        AtomicInteger written = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            running.add(writers.submit(() -> write(settings, topic, payload, committed, claimed, written)));
        }
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> seen.size() >= EVENTS / 10);
        int committedAtKill = written.get(); // at least this many were committed when it died
        stack.kill("trip-service");
        long inKafkaAtKill = recordsIn(settings, topic); // nothing else writes the topic
        for (Future<?> writer : running) {
            writer.get();
        }
        writers.shutdown();
        stack.restart("trip-service");

        Set<String> every = new HashSet<>();
        committed.values().forEach(every::addAll);
        assertThat(every).hasSize(EVENTS);
        assertThat(inKafkaAtKill)
                .as("events committed but not yet in Kafka when the relay died")
                .isLessThan(committedAtKill);
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(seen).containsAll(every));
        System.out.printf(
                "[relay kill -9] at least %d of %d events committed and %d in Kafka when killed; %d records in Kafka at the end%n",
                committedAtKill,
                EVENTS,
                inKafkaAtKill,
                inKafka.values().stream().mapToInt(List::size).sum());
        committed.forEach((key, order) -> assertInCommitOrder(key, order, inKafka.get(key)));
    }

    /**
     * Kafka's sequence for one key may repeat what was published before a crash, but every record's
     * predecessor in commit order is somewhere before it, and each event's first copy comes in commit order.
     */
    private static void assertInCommitOrder(String key, List<String> commitOrder, List<String> kafkaOrder) {
        Map<String, Integer> position = new java.util.HashMap<>();
        for (int i = 0; i < commitOrder.size(); i++) {
            position.put(commitOrder.get(i), i);
        }
        int highestSeen = -1;
        for (String eventId : kafkaOrder) {
            int at = position.get(eventId);
            assertThat(at)
                    .as("key %s: event %d of its commit order came after event %d only", key, at, highestSeen)
                    .isLessThanOrEqualTo(highestSeen + 1);
            highestSeen = Math.max(highestSeen, at);
        }
        assertThat(highestSeen).as("key %s: its last event", key).isEqualTo(commitOrder.size() - 1);
    }

    /** One writer: its own keys, one event per transaction, as trip-service writes them, until EVENTS in all. */
    private Void write(
            Settings settings,
            String topic,
            byte[] payload,
            Map<String, List<String>> committed,
            AtomicInteger claimed,
            AtomicInteger written)
            throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < KEYS_PER_WRITER; i++) {
            String key = UUID.randomUUID().toString();
            keys.add(key);
            committed.put(key, new CopyOnWriteArrayList<>());
        }
        try (Connection db = DriverManager.getConnection(settings.jdbcUrl(), settings.pgUser(), settings.pgPassword());
                PreparedStatement insert = db.prepareStatement("INSERT INTO trips.outbox (id, aggregate_type, "
                        + "aggregate_id, event_type, payload, occurred_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            db.setAutoCommit(false);
            for (int n = 0; claimed.getAndIncrement() < EVENTS; n++) {
                String key = keys.get(n % keys.size());
                UUID id = UUID.randomUUID();
                insert.setObject(1, id);
                insert.setString(2, topic);
                insert.setString(3, key);
                insert.setString(4, TripEventType.TripCreated.name());
                insert.setBytes(5, payload);
                insert.setTimestamp(6, Timestamp.from(Instant.now()));
                insert.executeUpdate();
                db.commit();
                committed.get(key).add(id.toString());
                written.incrementAndGet();
            }
        }
        return null;
    }

    private void consume(Settings settings, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings.kafkaWith(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG,
                stack.corner + ".relay-kill-nine",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class)))) {
            consumer.subscribe(List.of(topic));
            while (consuming.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    Header eventId = record.headers().lastHeader("event_id");
                    if (eventId == null) {
                        continue;
                    }
                    String id = new String(eventId.value(), StandardCharsets.UTF_8);
                    inKafka.computeIfAbsent(record.key(), key -> new CopyOnWriteArrayList<>())
                            .add(id);
                    seen.add(id);
                }
            }
        }
    }

    private static long recordsIn(Settings settings, String topic) throws Exception {
        try (Admin admin = Admin.create(settings.kafka())) {
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .forEach(partition ->
                            latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
                    .sum();
        }
    }

    /** The bytes of a real trip event, as trip-service's outbox holds them. */
    private byte[] tripEvent(String topic) {
        SpecificRecord event = new TripHistory(UUID.randomUUID()).created();
        try (AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>()) {
            serializer.configure(AvroSerdeSettings.forSerializer(stack.at.registry(Duration.ofSeconds(30))), false);
            return serializer.serialize(topic, event);
        }
    }
}
