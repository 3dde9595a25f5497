package io.travya.platform.relay;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How much WAL the relay's replication slot holds back: the bytes between the server's current
 * position and the last one the relay confirmed (after Kafka acknowledged it). It grows while the
 * relay is down or slower than the writes, and PostgreSQL cannot recycle that WAL; past
 * {@code max_slot_wal_keep_size} (infra/postgres/travya.conf) the slot is invalidated. Every replica
 * reports the same slot, leader or not, so the figure survives a failover.
 */
class SlotBacklog implements MeterBinder {

    private static final String RETAINED = "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn) "
            + "FROM pg_replication_slots WHERE slot_name = :slot";

    private final JdbcClient jdbc;
    private final String slot;

    SlotBacklog(JdbcClient jdbc, String slot) {
        this.jdbc = jdbc;
        this.slot = slot;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("travya.relay.slot.retained.wal", this, SlotBacklog::retainedBytes)
                .description("WAL the relay's replication slot keeps from recycling (NaN: no slot or no answer)")
                .baseUnit("bytes")
                .tag("slot", slot)
                .register(registry);
    }

    /** Asked at every scrape: one indexed look-up in a view of a few rows. */
    double retainedBytes() {
        try {
            return jdbc.sql(RETAINED)
                    .param("slot", slot)
                    .query(Double.class)
                    .optional()
                    .orElse(Double.NaN);
        } catch (DataAccessException e) {
            return Double.NaN;
        }
    }
}
