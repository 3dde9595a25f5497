package io.travya.tripaccess;

import io.travya.events.Collaborator;
import io.travya.events.TripEvent;
import io.travya.events.TripEventType;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The service's own copy of who may see each trip, kept from travya.trips. An event is applied only
 * if its trip version is newer than the one held, in one transaction with the hooks it triggers, so
 * redelivered and out-of-date events change nothing.
 *
 * <p>A poll's events are applied with one JDBC batch per kind of statement (pgjdbc sends a batch in
 * one round trip), not four statements per event: the trips' rows first, in the poll's order, each
 * guarded by its version, so the update counts say which events were newer than the replica; then the
 * members of each trip that changed, from the last applied event about it, since an event carries the
 * trip's whole list; then the hooks, given the applied events in order.
 */
public class TripAccessReplica {

    private final JdbcOperations jdbc;
    private final TransactionTemplate transactions;
    private final List<TripEventHook> hooks;
    private final String upsert;
    private final String deleteMembers;
    private final String insertMember;

    public TripAccessReplica(
            JdbcOperations jdbc, TransactionTemplate transactions, List<TripEventHook> hooks, String schema) {
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
        return Boolean.TRUE.equals(
                transactions.execute(tx -> !applyInTransaction(List.of(event)).isEmpty()));
    }

    /**
     * Applies events in order, in one transaction: one commit for a whole poll of the topic rather
     * than one per event, which is what a replica spends most of its time on under load.
     */
    public void applyAll(List<TripEvent> events) {
        transactions.executeWithoutResult(tx -> applyInTransaction(events));
    }

    /** The events that were newer than the replica, in their order. */
    private List<TripEvent> applyInTransaction(List<TripEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> trips = new ArrayList<>(events.size());
        for (TripEvent event : events) {
            trips.add(new Object[] {
                event.getAggregateId(), event.getTrip().getUserId(), event.getAggregateVersion(), deleted(event), now
            });
        }
        int[] changed = jdbc.batchUpdate(upsert, trips);
        List<TripEvent> applied = new ArrayList<>(events.size());
        Map<UUID, TripEvent> newestOfEachTrip = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            if (changed[i] == Statement.SUCCESS_NO_INFO) {
                // a driver that rewrites batches (pgjdbc's reWriteBatchedInserts) hides the version guard's answer
                throw new IllegalStateException("The JDBC driver did not say whether a trip's row changed");
            }
            if (changed[i] > 0) {
                applied.add(events.get(i));
                newestOfEachTrip.put(events.get(i).getAggregateId(), events.get(i));
            }
        }
        if (applied.isEmpty()) {
            return applied;
        }
        jdbc.batchUpdate(
                deleteMembers,
                newestOfEachTrip.keySet().stream()
                        .map(trip -> new Object[] {trip})
                        .toList());
        List<Object[]> members = new ArrayList<>();
        for (TripEvent event : newestOfEachTrip.values()) {
            if (!deleted(event)) {
                for (Collaborator collaborator : event.getCollaborators()) {
                    if ("accepted".equals(collaborator.getStatus())) {
                        members.add(
                                new Object[] {event.getAggregateId(), collaborator.getUserId(), collaborator.getRole()
                                });
                    }
                }
            }
        }
        if (!members.isEmpty()) {
            jdbc.batchUpdate(insertMember, members);
        }
        hooks.forEach(hook -> hook.appliedAll(applied));
        return applied;
    }

    private static boolean deleted(TripEvent event) {
        return event.getEventType() == TripEventType.TripDeleted;
    }
}
