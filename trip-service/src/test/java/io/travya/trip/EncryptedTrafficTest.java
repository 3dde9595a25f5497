package io.travya.trip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestInfrastructure;
import io.travya.platform.test.TravyaIntegrationTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The service's own connections to PostgreSQL are encrypted: its application role's pool, and its relay's
 * connections, the logical replication stream (a walsender) included, as pg_stat_ssl shows them.
 * That every server refuses plaintext is platform's ServersRefusePlaintextTest.
 */
@TravyaIntegrationTest
class EncryptedTrafficTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    record Backend(String role, String application, String type, boolean ssl, String version) {}

    @Test
    void everyConnectionOfTheServiceToPostgreSqlIsTls() {
        assumeTrue(corner.endpoints().tlsCa() != null, "the servers have no TLS here (the Testcontainers fallback)");
        new Fixtures(new HttpApi(port)).trip(new Accounts(new HttpApi(port)).newUser());

        List<Backend> backends = await().atMost(Duration.ofSeconds(30))
                .until(
                        this::backends,
                        found -> found.stream()
                                .anyMatch(backend -> backend.type().equals("walsender")));

        assertThat(backends).extracting(Backend::role).contains("trips_app", "trips_relay");
        assertThat(backends)
                .filteredOn(backend -> backend.type().equals("walsender"))
                .extracting(Backend::role)
                .containsOnly("trips_relay");
        assertThat(backends).allSatisfy(backend -> {
            assertThat(backend.ssl()).as("%s", backend).isTrue();
            assertThat(backend.version()).as("%s", backend).startsWith("TLSv1.");
        });
    }

    /** The corner database's client backends over TCP and their walsenders, with pg_stat_ssl's view. */
    private List<Backend> backends() throws SQLException {
        List<Backend> found = new ArrayList<>();
        try (Connection admin = TestInfrastructure.admin(corner.endpoints(), corner.database());
                Statement sql = admin.createStatement();
                ResultSet rows = sql.executeQuery("""
                        SELECT a.usename, a.application_name, a.backend_type, s.ssl, coalesce(s.version, '')
                          FROM pg_stat_activity a JOIN pg_stat_ssl s ON s.pid = a.pid
                         WHERE a.datname = current_database() AND a.client_addr IS NOT NULL
                           AND a.pid <> pg_backend_pid()
                        """)) {
            while (rows.next()) {
                found.add(new Backend(
                        rows.getString(1),
                        rows.getString(2),
                        rows.getString(3),
                        rows.getBoolean(4),
                        rows.getString(5)));
            }
        }
        return found;
    }
}
