package io.travya.tripaccess;

import io.travya.events.Collaborator;
import io.travya.events.TripEvent;
import io.travya.events.TripEventType;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The service's own copy of who may see each trip, kept from travya.trips. An event is applied only
 * if its trip version is newer than the one held, in one transaction with the hooks it triggers, so
 * redelivered and out-of-date events change nothing.
 */
public class TripAccessReplica {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final List<TripEventHook> hooks;
    private final String upsert;
    private final String deleteMembers;
    private final String insertMember;

    public TripAccessReplica(
            JdbcClient jdbc, TransactionTemplate transactions, List<TripEventHook> hooks, String schema) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.hooks = hooks;
        this.upsert = "INSERT INTO " + schema + ".trip_access (trip_id, owner_id, version, deleted, updated_at) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (trip_id) DO UPDATE SET owner_id = EXCLUDED.owner_id, "
                + "version = EXCLUDED.version, deleted = EXCLUDED.deleted, updated_at = EXCLUDED.updated_at "
                + "WHERE " + schema + ".trip_access.version < EXCLUDED.version";
        this.deleteMembers = "DELETE FROM " + schema + ".trip_access_member WHERE trip_id = ?";
        this.insertMember = "INSERT INTO " + schema + ".trip_access_member (trip_id, user_id, role) VALUES (?, ?, ?)";
    }

    /** Applies the event if it is newer than what the replica holds; true if it was applied. */
    public boolean apply(TripEvent event) {
        return Boolean.TRUE.equals(transactions.execute(tx -> applyInTransaction(event)));
    }

    /**
     * Applies events in order, in one transaction: one commit for a whole poll of the topic rather
     * than one per event, which is what a replica spends most of its time on under load.
     */
    public void applyAll(List<TripEvent> events) {
        transactions.executeWithoutResult(tx -> events.forEach(this::applyInTransaction));
    }

    private boolean applyInTransaction(TripEvent event) {
        UUID tripId = event.getAggregateId();
        boolean deleted = event.getEventType() == TripEventType.TripDeleted;
        int changed = jdbc.sql(upsert)
                .params(
                        tripId,
                        event.getTrip().getUserId(),
                        event.getAggregateVersion(),
                        deleted,
                        Timestamp.from(Instant.now()))
                .update();
        if (changed == 0) {
            return false;
        }
        jdbc.sql(deleteMembers).param(tripId).update();
        if (!deleted) {
            for (Collaborator collaborator : event.getCollaborators()) {
                if ("accepted".equals(collaborator.getStatus())) {
                    jdbc.sql(insertMember)
                            .params(tripId, collaborator.getUserId(), collaborator.getRole())
                            .update();
                }
            }
        }
        hooks.forEach(hook -> hook.applied(event));
        return true;
    }
}
