package io.travya.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.platform.test.Endpoints;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TravyaIntegrationTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * An idle outbox's slot follows the WAL that the rest of the server writes. Before the relay's
 * heartbeat wrote a message of its own, an idle booking-service confirmed nothing while trip-service
 * (or a bench) wrote gigabytes: its slot kept all of it until PostgreSQL gave the slot up at
 * {@code max_slot_wal_keep_size}, after which the relay can never stream again.
 */
@TravyaIntegrationTest
class IdleRelaySlotTest {

    /** Debezium's heartbeat comes every 10 s; a missed one or two, then the offset flush. */
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @Autowired
    TestCorner corner;

    @Value("${travya.relay.slot-name}")
    String slot;

    @Test
    void anIdleRelayConfirmsTheWalThatOthersWrite() throws SQLException {
        Endpoints at = corner.endpoints();
        try (Connection admin = DriverManager.getConnection(corner.jdbcUrl(), at.pgAdminUser(), at.pgAdminPassword())) {
            await().atMost(PATIENCE).until(() -> streaming(admin));
            String before = confirmed(admin);
            // WAL that no publication carries: a table of no service, in this corner's database
            try (Statement statement = admin.createStatement()) {
                statement.execute("CREATE TABLE idle_relay_filler (line text)");
                statement.execute(
                        "INSERT INTO idle_relay_filler SELECT repeat('x', 1000) FROM generate_series(1, 4000)");
                statement.execute("DROP TABLE idle_relay_filler");
            }
            String written = currentLsn(admin);

            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> behind(admin, written) <= 0);

            assertThat(bytesBetween(admin, before, confirmed(admin)))
                    .as("the slot's confirmed position moved past the 4 MB written beside it")
                    .isGreaterThan(4_000_000L);
        }
    }

    private boolean streaming(Connection admin) throws SQLException {
        try (PreparedStatement query =
                admin.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
            query.setString(1, slot);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private String confirmed(Connection admin) throws SQLException {
        try (PreparedStatement query = admin.prepareStatement(
                "SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = ?")) {
            query.setString(1, slot);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).as("slot %s exists", slot).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static String currentLsn(Connection admin) throws SQLException {
        try (Statement statement = admin.createStatement();
                ResultSet rs = statement.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** How many bytes of WAL up to {@code lsn} the slot has not confirmed yet (negative: past it). */
    private long behind(Connection admin, String lsn) throws SQLException {
        return bytesBetween(admin, confirmed(admin), lsn);
    }

    private static long bytesBetween(Connection admin, String from, String to) throws SQLException {
        try (PreparedStatement query = admin.prepareStatement("SELECT pg_wal_lsn_diff(?::pg_lsn, ?::pg_lsn)")) {
            query.setString(1, to);
            query.setString(2, from);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
