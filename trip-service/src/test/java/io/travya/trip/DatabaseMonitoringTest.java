package io.travya.trip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.trip.Accounts.Account;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The seed's monitoring queries (infra/postgres/monitoring/, as README.md documents them) and its audit
 * logging, against the servers the tests use, which are configured as ./travya configures its own
 * (infra/postgres/travya.conf).
 */
@TravyaIntegrationTest
class DatabaseMonitoringTest {

    private static final String NOT_LOADED = "The test server does not load %s (infra/postgres/travya.conf): "
            + "a PostgreSQL started before Travya preloaded pgaudit and pg_stat_statements picks them up at the "
            + "next ./travya infra-up, which restarts it (or ./travya infra-down postgres && ./travya infra-up)";

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @BeforeEach
    void someStatementsRan() {
        new Fixtures(new HttpApi(port)).trip(new Accounts(new HttpApi(port)).newUser());
    }

    @Test
    void theSlowQueryQueryListsTheSlowestStatementsWithTheirMeanAndTotalTime() throws Exception {
        requireExtension("pg_stat_statements");

        List<Map<String, Object>> rows = run("slow-queries.sql");

        assertThat(rows).isNotEmpty().hasSizeLessThanOrEqualTo(10);
        assertThat(rows.get(0)).containsOnlyKeys("query", "mean_exec_time", "calls", "total_exec_time");
        assertThat(rows)
                .extracting(row -> (Double) row.get("mean_exec_time"))
                .isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(rows).allSatisfy(row -> assertThat((Long) row.get("calls")).isPositive());
    }

    @Test
    void theConnectionQueriesShowTheActiveConnections() throws Exception {
        List<Map<String, Object>> count = run("active-connections.sql");
        List<Map<String, Object>> details = run("connection-details.sql");

        assertThat((Long) count.get(0).get("active_connections")).isPositive();
        assertThat(details)
                .isNotEmpty()
                .anySatisfy(row -> assertThat((String) row.get("query")).contains("FROM pg_stat_activity"));
        assertThat(details.get(0))
                .containsOnlyKeys("pid", "usename", "application_name", "client_addr", "state", "query_start", "query");
    }

    @Test
    void theTableSizeQueryListsTheServicesTablesLargestFirst() throws Exception {
        List<Map<String, Object>> rows = run("table-sizes.sql");

        assertThat(rows)
                .extracting(row -> row.get("schemaname") + "." + row.get("tablename"))
                .contains("trips.users", "trips.trips", "trips.signing_keys");
    }

    @Test
    void aWriteLeavesAnAuditLineNamingTheStatementTableRoleDatabaseAndServiceButNotTheValues() throws Exception {
        String logFile = System.getenv("TRAVYA_PG_LOG");
        assumeTrue(
                logFile != null,
                "TRAVYA_PG_LOG names PostgreSQL's log on the native stack (./travya test sets it); "
                        + "elsewhere the log is not a file this test can read");
        requireExtension("pgaudit");
        long before = Files.size(Path.of(logFile));

        Account account = new Accounts(new HttpApi(port)).newUser();

        String prefix = "trips_app@" + corner.database() + " (trip-service) LOG:  AUDIT: SESSION,";
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(linesSince(logFile, before))
                        .filteredOn(line -> line.contains(prefix))
                        .filteredOn(line -> line.contains(",WRITE,INSERT,TABLE,trips.users,"))
                        .singleElement()
                        .satisfies(line -> assertThat(line)
                                .contains("$1")
                                .endsWith(",<not logged>")
                                .doesNotContain(account.email())));
    }

    /** Runs one of infra/postgres/monitoring/ as README.md shows it, in the test's database. */
    private List<Map<String, Object>> run(String file) throws SQLException, IOException {
        String sql;
        try (InputStream in = getClass().getResourceAsStream("/travya-infra/monitoring/" + file)) {
            assertThat(in)
                    .as("infra/postgres/monitoring/" + file + " on the test classpath")
                    .isNotNull();
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection db = administrator();
                Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private void requireExtension(String extension) throws SQLException {
        try (Connection db = administrator();
                Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT count(*) FROM pg_extension WHERE extname = '" + extension + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).as(NOT_LOADED, extension).isOne();
        }
    }

    private Connection administrator() throws SQLException {
        return DriverManager.getConnection(
                corner.jdbcUrl(),
                corner.endpoints().pgAdminUser(),
                corner.endpoints().pgAdminPassword());
    }

    private static List<String> linesSince(String logFile, long offset) throws IOException {
        try (RandomAccessFile log = new RandomAccessFile(logFile, "r")) {
            log.seek(offset);
            byte[] appended = new byte[(int) (log.length() - offset)];
            log.readFully(appended);
            return List.of(new String(appended, StandardCharsets.UTF_8).split("\n"));
        }
    }
}
