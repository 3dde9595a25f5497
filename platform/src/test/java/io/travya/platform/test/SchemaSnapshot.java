package io.travya.platform.test;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What one schema of a test corner's database holds, table by table: the number of rows and an MD5
 * of all of them in order. Two snapshots are equal only if no row was written, changed or deleted in
 * between. The relay's offsets table ({@code <schema>_relay_offsets}) is left out: Debezium's
 * heartbeats move it with the whole cluster's WAL, whatever this schema holds; so is the outbox, whose
 * rows the relay deletes once Kafka has their events, at a moment of its own (an earlier request's
 * row may go between two snapshots): a write that publishes an event also changes the table it was
 * written to.
 */
public record SchemaSnapshot(String schema, Map<String, String> tables) {

    /** Reads every table of the schema, as the administrative login (a member of the schema's owner). */
    public static SchemaSnapshot of(TestCorner corner, String schema) {
        Map<String, String> tables = new TreeMap<>();
        try (Connection db = TestInfrastructure.admin(corner.endpoints(), corner.database())) {
            for (String table : tablesOf(db, schema)) {
                if (table.equals(schema + "_relay_offsets") || table.equals("outbox")) {
                    continue;
                }
                String sql = "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))"
                        + " FROM \"" + schema + "\".\"" + table + "\" t";
                try (Statement statement = db.createStatement();
                        ResultSet rows = statement.executeQuery(sql)) {
                    rows.next();
                    tables.put(table, rows.getLong(1) + " rows, md5 " + rows.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read schema " + schema + " of " + corner.database(), e);
        }
        return new SchemaSnapshot(schema, tables);
    }

    /**
     * A snapshot once the schema has stopped changing (the same twice, a second apart): what a test's
     * set-up caused may still be arriving through events.
     */
    public static SchemaSnapshot settled(TestCorner corner, String schema) {
        AtomicReference<SchemaSnapshot> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    SchemaSnapshot now = of(corner, schema);
                    return now.equals(last.getAndSet(now));
                });
        return last.get();
    }

    /** The tables whose contents differ from those of an earlier snapshot, with both states. */
    public List<String> changesSince(SchemaSnapshot earlier) {
        Set<String> names = new TreeSet<>(tables.keySet());
        names.addAll(earlier.tables().keySet());
        List<String> changes = new ArrayList<>();
        for (String name : names) {
            String before = earlier.tables().get(name);
            String after = tables.get(name);
            if (before == null || !before.equals(after)) {
                changes.add(schema + "." + name + ": " + before + " -> " + after);
            }
        }
        return changes;
    }

    private static List<String> tablesOf(Connection db, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement statement =
                db.prepareStatement("SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                        + " AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            statement.setString(1, schema);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
        }
        if (tables.isEmpty()) {
            throw new IllegalStateException("Schema " + schema + " has no tables the administrative login can see");
        }
        return tables;
    }
}
