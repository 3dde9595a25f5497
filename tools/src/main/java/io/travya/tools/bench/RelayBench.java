package io.travya.tools.bench;

import io.travya.events.TripEventType;
import io.travya.tools.Settings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The relay on its own: outbox rows committed as fast as the database takes them, exactly as the
 * services write them (an insert, real event bytes; the relay deletes each row once Kafka has it), and the records
 * that reach Kafka counted by a consumer. Lag is rows committed minus records arrived, each second.
 */
final class RelayBench {

    record Outcome(
            double commitsPerSecond,
            double relayedPerSecond,
            long maxLag,
            long lagAtEnd,
            double drainSeconds,
            List<Long> lagBySecond) {}

    /** A backlog relayed after an outage: how many events, and how fast they reached Kafka once it resumed. */
    record Drain(long events, double writeSeconds, double drainSeconds, double eventsPerSecond) {}

    /** Something the bench does to the relay's service (stop it, start it again). */
    interface Step {
        void run() throws Exception;
    }

    private final Settings settings;
    private final String schema;
    private final String topic;
    private final byte[] payload;

    RelayBench(Settings settings, String schema, String topic, byte[] payload) {
        this.settings = settings;
        this.schema = schema;
        this.topic = topic;
        this.payload = payload;
    }

    Outcome run(int connections, int rowsPerTransaction, Duration duration) throws Exception {
        LongAdder committed = new LongAdder();
        LongAdder arrived = new LongAdder();
        AtomicBoolean consuming = new AtomicBoolean(true);
        long[] lastArrival = {0};
        Thread consumer =
                new Thread(() -> consume(consuming, arrived, new long[1], lastArrival), "relay-bench-consumer");
        consumer.start();
        Thread.sleep(3000); // the consumer has its partitions and sits at their end

        ExecutorService writers = Executors.newFixedThreadPool(connections);
        long started = System.nanoTime();
        long end = started + duration.toNanos();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            running.add(writers.submit(() -> write(end, rowsPerTransaction, committed)));
        }
        List<Long> lagBySecond = new ArrayList<>();
        long maxLag = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(1000);
            long lag = committed.sum() - arrived.sum();
            lagBySecond.add(lag);
            maxLag = Math.max(maxLag, lag);
        }
        for (Future<?> writer : running) {
            writer.get();
        }
        writers.shutdown();
        double writeSeconds = (System.nanoTime() - started) / 1e9;
        long lagAtEnd = committed.sum() - arrived.sum();
        long drainStarted = System.nanoTime();
        while (arrived.sum() < committed.sum()
                && System.nanoTime() - drainStarted < Duration.ofSeconds(120).toNanos()) {
            Thread.sleep(50);
        }
        double drainSeconds = (System.nanoTime() - drainStarted) / 1e9;
        consuming.set(false);
        consumer.join();
        double relaySeconds = (Math.max(lastArrival[0], started) - started) / 1e9;
        return new Outcome(
                committed.sum() / writeSeconds,
                arrived.sum() / Math.max(relaySeconds, writeSeconds),
                maxLag,
                lagAtEnd,
                drainSeconds,
                lagBySecond);
    }

    /**
     * The relay's backlog drained: the relay is stopped, {@code events} outbox rows are committed one per
     * transaction (as a busy service writes them), the relay is started again, and the rate is counted
     * from the first of them to reach Kafka to the last, so that the service's own start-up is left out.
     */
    Drain drain(int events, int connections, Step stopRelay, Step startRelay) throws Exception {
        LongAdder committed = new LongAdder();
        LongAdder arrived = new LongAdder();
        AtomicBoolean consuming = new AtomicBoolean(true);
        long[] firstArrival = {0};
        long[] lastArrival = {0};
        Thread consumer =
                new Thread(() -> consume(consuming, arrived, firstArrival, lastArrival), "relay-bench-drain-consumer");
        consumer.start();
        Thread.sleep(3000); // the consumer has its partitions and sits at their end
        try {
            stopRelay.run();
            long writeStarted = System.nanoTime();
            ExecutorService writers = Executors.newFixedThreadPool(connections);
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                int share = events / connections + (i < events % connections ? 1 : 0);
                running.add(writers.submit(() -> write(Long.MAX_VALUE, share, 1, committed)));
            }
            for (Future<?> writer : running) {
                writer.get();
            }
            writers.shutdown();
            double writeSeconds = (System.nanoTime() - writeStarted) / 1e9;
            startRelay.run();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (arrived.sum() < committed.sum() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            consuming.set(false);
            consumer.join();
            double drainSeconds = (lastArrival[0] - firstArrival[0]) / 1e9;
            return new Drain(arrived.sum(), writeSeconds, drainSeconds, arrived.sum() / Math.max(drainSeconds, 1e-3));
        } finally {
            consuming.set(false);
            consumer.join();
        }
    }

    private Void write(long end, int rowsPerTransaction, LongAdder committed) throws Exception {
        return write(end, Long.MAX_VALUE, rowsPerTransaction, committed);
    }

    private Void write(long end, long rows, int rowsPerTransaction, LongAdder committed) throws Exception {
        try (Connection db = DriverManager.getConnection(settings.jdbcUrl(), settings.pgUser(), settings.pgPassword());
                PreparedStatement insert = db.prepareStatement("INSERT INTO " + schema + ".outbox (id, aggregate_type, "
                        + "aggregate_id, event_type, payload, occurred_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            db.setAutoCommit(false);
            for (long written = 0; written < rows && System.nanoTime() < end; written += rowsPerTransaction) {
                for (int i = 0; i < rowsPerTransaction; i++) {
                    UUID id = UUID.randomUUID();
                    insert.setObject(1, id);
                    insert.setString(2, topic);
                    insert.setString(3, UUID.randomUUID().toString());
                    insert.setString(4, TripEventType.TripCreated.name());
                    insert.setBytes(5, payload);
                    insert.setTimestamp(6, Timestamp.from(Instant.now()));
                    insert.executeUpdate();
                }
                db.commit();
                committed.add(rowsPerTransaction);
            }
        }
        return null;
    }

    private void consume(AtomicBoolean consuming, LongAdder arrived, long[] firstArrival, long[] lastArrival) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings.kafkaWith(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG,
                "relay-bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class)))) {
            consumer.subscribe(List.of(topic));
            while (consuming.get()) {
                var records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    arrived.add(records.count());
                    lastArrival[0] = System.nanoTime();
                    if (firstArrival[0] == 0) {
                        firstArrival[0] = lastArrival[0];
                    }
                }
            }
        }
    }
}
