package io.travya.trip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.travya.platform.test.HttpApi;
import io.travya.platform.test.PostgresTools;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.trip.Accounts.Account;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The backup and restore procedure README.md documents, run for real: pg_dump, then pg_restore. */
@TravyaIntegrationTest
class BackupRestoreTest {

    private static final List<String> TABLES =
            List.of("users", "trips", "itineraries", "trip_collaborators", "signing_keys", "databasechangelog");

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Test
    void restoringADumpOfTheTripsSchemaReproducesEveryRowAndEveryRule() throws Exception {
        Optional<Path> tools = PostgresTools.binaries(corner.endpoints());
        assumeTrue(tools.isPresent(), "needs pg_dump of the server's major version (./travya test provides it)");
        HttpApi api = new HttpApi(port);
        Fixtures fixtures = new Fixtures(api);
        Account owner = fixtures.user();
        Account friend = fixtures.user();
        UUID trip = fixtures.trip(owner);
        fixtures.itineraryItem(owner, trip, 2, "Sintra");
        fixtures.share(owner, trip, friend, "editor");
        fixtures.trip(friend);

        Path dump = Files.createTempFile("trips-", ".dump");
        String restored = corner.database() + "_restored";
        try {
            PostgresTools.run(
                    corner.endpoints(),
                    tools.get(),
                    "pg_dump",
                    "-d",
                    corner.database(),
                    "--schema=trips",
                    "--format=custom",
                    "--file=" + dump);
            PostgresTools.execute(corner.endpoints(), "postgres", "CREATE DATABASE " + restored);
            PostgresTools.bootstrap(corner.endpoints(), restored);
            PostgresTools.run(
                    corner.endpoints(),
                    tools.get(),
                    "pg_restore",
                    "-d",
                    restored,
                    "--clean",
                    "--if-exists",
                    dump.toString());

            assertThat(fingerprints(restored)).isEqualTo(fingerprints(corner.database()));
            assertThat(fingerprints(restored).get("trips"))
                    .isNotEqualTo(fingerprints(restored).get("users"));
            try (Connection db = connect(restored);
                    Statement sql = db.createStatement()) {
                assertThatThrownBy(() -> sql.execute(
                                "INSERT INTO trips.trips (title, destination, start_date, end_date, user_id) VALUES "
                                        + "('x', 'y', '2027-01-02', '2027-01-01', '" + owner.id() + "')"))
                        .as("the seed's check constraints came back")
                        .hasMessageContaining("chk_trip_dates");
                var index = sql.executeQuery(
                        "SELECT 1 FROM pg_indexes WHERE schemaname = 'trips' AND indexname = 'idx_trips_destination_trgm'");
                assertThat(index.next()).as("the trigram index came back").isTrue();
            }
        } finally {
            Files.deleteIfExists(dump);
            PostgresTools.execute(
                    corner.endpoints(), "postgres", "DROP DATABASE IF EXISTS " + restored + " WITH (FORCE)");
        }
    }

    /** An md5 of every row of each table, in a stable order. */
    private Map<String, String> fingerprints(String database) throws SQLException {
        Map<String, String> fingerprints = new LinkedHashMap<>();
        try (Connection db = connect(database);
                Statement sql = db.createStatement()) {
            for (String table : TABLES) {
                var rs = sql.executeQuery("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY "
                        + "t::text)), '') FROM trips." + table + " t");
                rs.next();
                fingerprints.put(table, rs.getString(1));
            }
        }
        return fingerprints;
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(
                corner.endpoints().jdbcUrl(database),
                corner.endpoints().pgAdminUser(),
                corner.endpoints().pgAdminPassword());
    }
}
