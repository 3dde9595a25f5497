package io.travya.platform.relay;

import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;

/**
 * Streams the service's outbox to Kafka with Debezium's embedded engine: each inserted outbox row's
 * event goes to the topic its row names (aggregate_type), keyed by its aggregate (aggregate_id), as
 * {@link KafkaForwarder} builds it from the change event.
 *
 * <p>Only one replica of a service relays at a time: the one holding a PostgreSQL advisory lock on a
 * dedicated connection. The others stand by and take over when the lock is released, which
 * PostgreSQL does as soon as the leader's connection dies. The replication slot is created before
 * the service accepts any request, so no event committed from then on can be missed, whichever
 * replica relays it, however late.
 *
 * <p>The engine starts in the background: the slot already keeps every event committed from then on,
 * so the service need not wait for it to serve (a second or more of every start, the first 201
 * after a crash included). A relay that fails, at start-up or later, marks itself DOWN in health,
 * gives up leadership and tries again with backoff.
 */
public class OutboxRelay implements SmartLifecycle, HealthIndicator {

    enum State {
        STOPPED,
        STANDBY,
        STARTING,
        RUNNING,
        FAILED
    }

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    /** The prefix of the logical decoding message each heartbeat writes (see {@link #engineConfig}). */
    private static final String HEARTBEAT_MESSAGE_PREFIX = "travya-relay-heartbeat";

    private final RelayProperties properties;
    private final RelayDatabase database;
    private final String schema;
    private final String service;
    private final MeterRegistry meters;
    private final long lockKey;

    private final ScheduledExecutorService supervisor;
    private final ExecutorService engineThread;

    private volatile boolean running;
    private volatile State state = State.STOPPED;
    private volatile Throwable lastFailure;
    private volatile Instant nextAttempt = Instant.EPOCH;
    private int consecutiveFailures;

    // guarded by "this"
    private Connection leadership;
    private DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private Producer<String, byte[]> producer;
    private OutboxPruner pruner;
    private ScheduledFuture<?> supervision;

    public OutboxRelay(RelayProperties properties, String schema, String service, MeterRegistry meters) {
        this.properties = properties;
        this.database = RelayDatabase.from(properties);
        this.schema = schema;
        this.service = service;
        this.meters = meters;
        this.lockKey = UUID.nameUUIDFromBytes(
                        ("travya-relay:" + properties.slotName()).getBytes(StandardCharsets.UTF_8))
                .getMostSignificantBits();
        this.supervisor = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "relay-supervisor"));
        this.engineThread = Executors.newSingleThreadExecutor(runnable -> daemon(runnable, "relay-engine"));
        meters.gauge("travya.relay.leader", this, relay -> relay.state == State.RUNNING ? 1 : 0);
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** {@code travya.relay.enabled=false}: never started, no slot made, no leadership sought. */
    @Override
    public boolean isAutoStartup() {
        return properties.enabled();
    }

    /** Starts before the web server, so the slot exists before the first request can write an event. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }

    @Override
    public void start() {
        ensureSlot();
        running = true;
        synchronized (this) {
            // the first attempt to lead at once, on the supervisor's thread
            long every = properties.leadershipCheckInterval().toMillis();
            supervision = supervisor.scheduleWithFixedDelay(this::supervise, 0, every, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() {
        running = false;
        synchronized (this) {
            if (supervision != null) {
                supervision.cancel(false);
                supervision = null;
            }
            stopEngine();
            releaseLeadership();
            state = State.STOPPED;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public Health health() {
        return switch (state) {
            case RUNNING -> Health.up().withDetail("role", "leader").build();
            case STANDBY -> Health.up().withDetail("role", "standby").build();
            case STARTING -> Health.unknown().withDetail("role", "starting").build();
            case STOPPED ->
                Health.unknown()
                        .withDetail("role", properties.enabled() ? "stopped" : "disabled")
                        .build();
            case FAILED ->
                Health.down()
                        .withDetail("error", String.valueOf(lastFailure))
                        .withDetail("next_attempt", nextAttempt.toString())
                        .build();
        };
    }

    State state() {
        return state;
    }

    private void supervise() {
        try {
            synchronized (this) {
                if (!running) {
                    return;
                }
                if (leadership != null && !leadershipAlive()) {
                    log.warn("Outbox relay lost its leadership connection; stopping the engine");
                    stopEngine();
                    releaseLeadership();
                    state = State.STANDBY;
                }
                if (leadership == null && Instant.now().isAfter(nextAttempt)) {
                    tryToLead();
                }
            }
        } catch (RuntimeException e) {
            log.error("Outbox relay supervision failed", e);
        }
    }

    /** Takes the lock if nobody holds it and starts the engine; otherwise stays on standby. */
    private void tryToLead() {
        try {
            Connection connection = database.connect(service + "-relay-leadership");
            boolean acquired;
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                lock.setLong(1, lockKey);
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    acquired = rs.getBoolean(1);
                }
            }
            if (!acquired) {
                connection.close();
                if (state != State.STANDBY) {
                    log.info("Another replica relays the outbox; standing by");
                }
                state = State.STANDBY;
                return;
            }
            leadership = connection;
            startEngine();
        } catch (SQLException | RuntimeException e) {
            failed(e);
        }
    }

    private boolean leadershipAlive() {
        try (Statement ping = leadership.createStatement()) {
            ping.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private void startEngine() {
        state = State.STARTING;
        producer = new KafkaProducer<>(producerConfig());
        pruner = new OutboxPruner(database, schema, service + "-relay-pruner");
        engine = DebeziumEngine.create(Connect.class)
                .using(engineConfig())
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        state = State.RUNNING;
                        consecutiveFailures = 0;
                        log.info("Outbox relay streaming {}.outbox through slot {}", schema, properties.slotName());
                    }
                })
                .using((success, message, error) -> {
                    if (!success && running) {
                        supervisor.execute(
                                () -> onEngineFailure(error != null ? error : new IllegalStateException(message)));
                    }
                })
                .notifying(new KafkaForwarder(producer, pruner::prune, properties.maxInFlight(), meters, service))
                .build();
        engineThread.execute(engine);
    }

    private void onEngineFailure(Throwable error) {
        synchronized (this) {
            if (!running) {
                return;
            }
            stopEngine();
            releaseLeadership();
            failed(error);
        }
    }

    private void failed(Throwable error) {
        consecutiveFailures++;
        long backoff =
                Math.min(properties.maxRestartBackoff().toMillis(), 1000L << Math.min(consecutiveFailures - 1, 16));
        nextAttempt = Instant.now().plusMillis(backoff);
        lastFailure = error;
        state = State.FAILED;
        log.error("Outbox relay failed; retrying in {} ms", backoff, error);
    }

    private void stopEngine() {
        if (engine != null) {
            try {
                engine.close();
            } catch (IOException e) {
                log.warn("Closing the relay engine failed", e);
            }
            engine = null;
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
        // after the producer, whose close delivers the last acknowledgements and so the last deletes
        if (pruner != null) {
            pruner.close();
            pruner = null;
        }
    }

    private void releaseLeadership() {
        if (leadership != null) {
            try {
                leadership.close();
            } catch (SQLException e) {
                log.debug("Closing the leadership connection failed", e);
            }
            leadership = null;
        }
    }

    /**
     * Creates the replication slot if it does not exist yet. From that moment PostgreSQL keeps every
     * outbox insert in the WAL until a relay has published it, whether or not a relay runs now.
     */
    private void ensureSlot() {
        try (Connection connection = database.connect(service + "-relay-setup")) {
            try (PreparedStatement exists =
                    connection.prepareStatement("SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
                exists.setString(1, properties.slotName());
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (PreparedStatement create =
                    connection.prepareStatement("SELECT pg_create_logical_replication_slot(?, 'pgoutput')")) {
                create.setString(1, properties.slotName());
                create.execute();
                log.info("Created replication slot {}", properties.slotName());
            } catch (SQLException e) {
                if (!"42710".equals(e.getSQLState())) { // another replica created it first
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Cannot prepare replication slot " + properties.slotName() + " (is wal_level=logical, and may "
                            + database.username() + " replicate?): " + e.getMessage(),
                    e);
        }
    }

    private Properties engineConfig() {
        Properties config = new Properties();
        config.setProperty("name", service + "-outbox-relay");
        config.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        config.setProperty("topic.prefix", service);
        config.setProperty("database.hostname", database.host());
        config.setProperty("database.port", Integer.toString(database.port()));
        config.setProperty("database.dbname", database.database());
        config.setProperty("database.user", database.username());
        config.setProperty("database.password", database.password());
        // the replication connection as encrypted and verified as the service's own (the JDBC URL's)
        if (database.sslMode() != null) {
            config.setProperty("database.sslmode", database.sslMode());
        }
        if (database.sslRootCert() != null) {
            config.setProperty("database.sslrootcert", database.sslRootCert());
        }
        config.setProperty("plugin.name", "pgoutput");
        config.setProperty("slot.name", properties.slotName());
        config.setProperty("publication.name", properties.publicationName());
        config.setProperty("publication.autocreate.mode", "disabled");
        config.setProperty("table.include.list", schema + ".outbox");
        config.setProperty("snapshot.mode", "no_data");
        // Debezium 3.5 holds an event back twice on its way to the forwarder, each time for up to
        // poll.interval.ms: its streaming thread, after five empty reads of the WAL stream, sleeps that
        // long before it reads again, and the engine's queue hands a batch over only once it holds
        // max.batch.size records or the interval has passed. Batches of one record remove the second
        // wait but cost a whole engine round per event (the relay's rate fell by a quarter to two
        // fifths in the bench), and a shorter interval costs every idle service CPU (2.5 points of a
        // core more at 15 ms), so both stay: 25 ms and Debezium's batch size (ARCHITECTURE.md, "Relay
        // and consumer latency settings", has the figures).
        config.setProperty(
                "poll.interval.ms", Long.toString(properties.pollInterval().toMillis()));
        config.setProperty("tombstones.on.delete", "false");
        config.setProperty(
                "heartbeat.interval.ms",
                Long.toString(properties.heartbeatInterval().toMillis()));
        // A heartbeat alone does not move the slot: Debezium confirms the LSN of the last transaction
        // it was sent, and the publication sends it only the outbox's. While this outbox is idle and
        // the rest of the server writes (the other services, another database, a bench), the slot
        // would keep all that WAL until max_slot_wal_keep_size, and then PostgreSQL invalidates it and
        // the relay cannot stream again. So each heartbeat also commits a transactional logical
        // decoding message (pgoutput sends messages whatever the publication, within their BEGIN and
        // COMMIT), whose commit is then confirmed. Debezium makes no record of it (excluded prefix).
        // PostgreSQL lets any role emit one: it takes no grant.
        config.setProperty(
                "heartbeat.action.query",
                "SELECT pg_logical_emit_message(true, '" + HEARTBEAT_MESSAGE_PREFIX + "', '')");
        config.setProperty("message.prefix.exclude.list", HEARTBEAT_MESSAGE_PREFIX);
        // offsets live in the service's own schema and are saved only for acknowledged records
        config.setProperty("offset.storage", "io.debezium.storage.jdbc.offset.JdbcOffsetBackingStore");
        config.setProperty(
                "offset.storage.jdbc.connection.url",
                database.jdbcUrl() + (database.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema
                        + "&ApplicationName=" + service + "-relay-offsets"); // as the audit lines name it
        config.setProperty("offset.storage.jdbc.connection.user", database.username());
        config.setProperty("offset.storage.jdbc.connection.password", database.password());
        config.setProperty("offset.storage.jdbc.table.name", properties.offsetsTable());
        config.setProperty(
                "offset.flush.interval.ms",
                Long.toString(properties.offsetFlushInterval().toMillis()));
        config.setProperty("offset.flush.timeout.ms", "10000");
        for (Map.Entry<String, String> tuning : properties.engine().entrySet()) {
            config.setProperty(tuning.getKey(), tuning.getValue());
        }
        return config;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.kafkaBootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, service + "-outbox-relay");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60000);
        config.putAll(properties.producer());
        return config;
    }
}
