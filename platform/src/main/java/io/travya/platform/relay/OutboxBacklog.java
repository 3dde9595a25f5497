package io.travya.platform.relay;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The relay's backlog in events: the outbox rows committed whose events Kafka has not acknowledged yet.
 * A row stays in the outbox from its transaction's commit until the relay has Kafka's acknowledgement
 * of its event ({@link OutboxPruner}), so counting the table counts them, whether a relay runs or not:
 * every replica, leader or standby, reports the same figure from the database, and it survives a
 * failover. Complements {@link SlotBacklog}, whose WAL bytes also grow with every other write to the
 * database.
 *
 * <p>Counted on a schedule, not at each scrape: an idle outbox is an empty table and costs next to
 * nothing, and a large backlog costs one count per interval whoever scrapes how often.
 */
class OutboxBacklog implements MeterBinder, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxBacklog.class);

    private final JdbcClient jdbc;
    private final String count;
    private final Duration interval;
    private ScheduledExecutorService counter; // one per start: a stopped context may be started again
    private volatile double events = Double.NaN;
    private volatile boolean running;

    OutboxBacklog(JdbcClient jdbc, String schema, Duration interval) {
        this.jdbc = jdbc;
        this.count = "SELECT count(*) FROM " + schema + ".outbox";
        this.interval = interval;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("travya.relay.backlog", this, OutboxBacklog::events)
                .description(
                        "Outbox events committed and not yet acknowledged by Kafka (NaN: not counted yet, or no answer)")
                .baseUnit("events")
                .register(registry);
    }

    double events() {
        return events;
    }

    /** Counts the outbox rows now. */
    void refresh() {
        try {
            events = jdbc.sql(count).query(Long.class).single();
        } catch (RuntimeException e) {
            // the schedule goes on: the next count may succeed
            events = Double.NaN;
            log.debug("Counting the outbox failed", e);
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        counter = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "relay-backlog");
            thread.setDaemon(true);
            return thread;
        });
        counter.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (counter != null) {
            counter.shutdownNow();
            counter = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
