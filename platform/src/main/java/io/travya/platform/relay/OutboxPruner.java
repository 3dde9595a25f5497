package io.travya.platform.relay;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the outbox rows of the events Kafka has acknowledged, in batches, on a thread of its own, so
 * that the table holds exactly the events committed and not yet in Kafka ({@link OutboxBacklog}
 * counts them). The forwarder marks a record processed only once its row is gone: the relay's
 * position never passes a row that is still there, so a crash or a failed delete leaves no row behind
 * for good; the event is published again after the restart, and its row deleted then.
 */
final class OutboxPruner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxPruner.class);

    /** One statement's worth: Kafka acknowledges in batches, and the array stays a few KiB. */
    private static final int MAX_BATCH = 1000;

    private record Pending(UUID eventId, CompletableFuture<Void> deleted) {}

    private final RelayDatabase database;
    private final String applicationName;
    private final String delete;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closing;
    /** Pruner thread only. */
    private Connection connection;

    OutboxPruner(RelayDatabase database, String schema, String applicationName) {
        this.database = database;
        this.applicationName = applicationName;
        this.delete = "DELETE FROM " + schema + ".outbox WHERE id = ANY(?)";
        this.thread = new Thread(this::run, "relay-outbox-pruner");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Deletes the event's row; the future completes once it is gone, or fails if it could not be deleted. */
    CompletableFuture<Void> prune(UUID eventId) {
        CompletableFuture<Void> deleted = new CompletableFuture<>();
        if (closing) {
            deleted.completeExceptionally(new IllegalStateException("The outbox pruner is closed"));
        } else {
            queue.add(new Pending(eventId, deleted));
        }
        return deleted;
    }

    /** Deletes what is queued (the acknowledgements the producer's close delivered), then stops. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        try {
            while (true) {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                deleteRows(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // never deleted: not marked processed either, so published again after the restart
            IllegalStateException stopped = new IllegalStateException("The outbox pruner stopped");
            batch.forEach(pending -> pending.deleted().completeExceptionally(stopped));
            queue.forEach(pending -> pending.deleted().completeExceptionally(stopped));
            disconnect();
        }
    }

    private void deleteRows(List<Pending> batch) {
        try {
            if (connection == null) {
                connection = database.connect(applicationName);
            }
            Array ids = connection.createArrayOf(
                    "uuid", batch.stream().map(Pending::eventId).toArray());
            try (PreparedStatement statement = connection.prepareStatement(delete)) {
                statement.setArray(1, ids);
                statement.executeUpdate();
            }
            batch.forEach(pending -> pending.deleted().complete(null));
        } catch (SQLException e) {
            log.warn("Deleting {} relayed outbox rows failed", batch.size(), e);
            batch.forEach(pending -> pending.deleted().completeExceptionally(e));
            disconnect();
        }
    }

    private void disconnect() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("Closing the pruner's connection failed", e);
            }
            connection = null;
        }
    }
}
