package io.travya.tools.bench;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.travya.events.TripEventType;
import io.travya.tools.Settings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** What the servers do on their own, measured first in the same run: the limits the pipeline is judged by. */
final class Limits {

    private final Settings settings;
    private final byte[] payload;
    private final Duration duration;

    Limits(Settings settings, byte[] payload, Duration duration) {
        this.settings = settings;
        this.payload = payload;
        this.duration = duration;
    }

    /** Single-row INSERT + COMMIT per second into a table shaped like the outbox, with this many connections. */
    double postgresCommitsPerSecond(int connections) throws Exception {
        try (Connection admin = connect();
                Statement sql = admin.createStatement()) {
            sql.execute("CREATE SCHEMA IF NOT EXISTS bench_limit");
            sql.execute("DROP TABLE IF EXISTS bench_limit.outbox");
            // the outbox's id is unique through an exclusion constraint, not a key (travya-platform.yaml)
            sql.execute("CREATE TABLE bench_limit.outbox (id uuid NOT NULL, aggregate_type varchar(255) NOT NULL, "
                    + "aggregate_id varchar(255) NOT NULL, event_type varchar(255) NOT NULL, payload bytea NOT NULL, "
                    + "occurred_at timestamptz NOT NULL, EXCLUDE USING btree (id WITH =))");
        }
        LongAdder commits = new LongAdder();
        ExecutorService writers = Executors.newFixedThreadPool(connections);
        long end = System.nanoTime() + duration.toNanos();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            running.add(writers.submit(() -> {
                try (Connection db = connect();
                        PreparedStatement insert = db.prepareStatement(
                                "INSERT INTO bench_limit.outbox VALUES (?, 'bench.trips', ?, ?, ?, ?)")) {
                    db.setAutoCommit(true);
                    while (System.nanoTime() < end) {
                        insert.setObject(1, UUID.randomUUID());
                        insert.setString(2, UUID.randomUUID().toString());
                        insert.setString(3, TripEventType.TripCreated.name());
                        insert.setBytes(4, payload);
                        insert.setTimestamp(5, Timestamp.from(Instant.now()));
                        insert.executeUpdate();
                        commits.increment();
                    }
                }
                return null;
            }));
        }
        long started = System.nanoTime();
        for (Future<?> writer : running) {
            writer.get();
        }
        writers.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        try (Connection admin = connect();
                Statement sql = admin.createStatement()) {
            sql.execute("DROP SCHEMA bench_limit CASCADE");
        }
        return commits.sum() / seconds;
    }

    /** Records of the same size per second, acks=all, idempotent producer, as the relay produces. */
    double kafkaRecordsPerSecond(String topic) throws Exception {
        try (Admin admin = Admin.create(settings.kafka())) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        LongAdder acknowledged = new LongAdder();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings.kafkaWith(Map.of(
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                1,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class)))) {
            long started = System.nanoTime();
            long end = started + duration.toNanos();
            while (System.nanoTime() < end) {
                producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString(), payload), (metadata, error) -> {
                    if (error == null) {
                        acknowledged.increment();
                    }
                });
            }
            producer.flush();
            return acknowledged.sum() / ((System.nanoTime() - started) / 1e9);
        }
    }

    /** Pipelined HINCRBY per second (what the projections write), in batches of 1,000. */
    double redisWritesPerSecond(String keyPrefix) {
        RedisClient client = settings.redisClient();
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.setAutoFlushCommands(false);
            RedisAsyncCommands<String, String> redis = connection.async();
            long writes = 0;
            long started = System.nanoTime();
            long end = started + duration.toNanos();
            while (System.nanoTime() < end) {
                List<RedisFuture<Long>> batch = new ArrayList<>(1000);
                for (int i = 0; i < 1000; i++) {
                    batch.add(redis.hincrby(keyPrefix + ":bench:" + (i % 100), "field" + (i % 10), 1));
                }
                connection.flushCommands();
                LettuceFutures.awaitAll(Duration.ofSeconds(30), batch.toArray(new RedisFuture[0]));
                writes += batch.size();
            }
            double rate = writes / ((System.nanoTime() - started) / 1e9);
            connection.setAutoFlushCommands(true);
            for (int i = 0; i < 100; i++) {
                redis.del(keyPrefix + ":bench:" + i);
            }
            return rate;
        } finally {
            client.shutdown();
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(settings.jdbcUrl(), settings.pgUser(), settings.pgPassword());
    }
}
