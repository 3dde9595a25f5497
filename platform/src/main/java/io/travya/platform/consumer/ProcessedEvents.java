package io.travya.platform.consumer;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Remembers, in the consumer's own database transaction, which events a consumer has applied, so
 * that an event delivered twice is applied once.
 */
public class ProcessedEvents {

    private final JdbcClient jdbc;
    private final String insert;

    public ProcessedEvents(JdbcClient jdbc, String schema) {
        this.jdbc = jdbc;
        this.insert = "INSERT INTO " + schema + ".processed_event (consumer, event_id) VALUES (?, ?) "
                + "ON CONFLICT DO NOTHING";
    }

    /** True the first time the consumer sees this event; false for every later delivery. */
    public boolean firstDelivery(String consumer, UUID eventId) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Deduplication must share the transaction of what the event changes");
        }
        return jdbc.sql(insert).params(consumer, eventId).update() == 1;
    }
}
