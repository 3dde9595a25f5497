package io.travya.trip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.travya.platform.test.HttpApi;
import io.travya.platform.test.PostgresTools;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.trip.Accounts.Account;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The backup and restore procedures README.md documents, run for real: pg_dump, then pg_restore, and
 * the same through gpg, encrypted.
 */
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

    @Test
    void anEncryptedDumpRestoresEveryRowWithItsPassphraseAndNothingWithAnother() throws Exception {
        Optional<Path> tools = PostgresTools.binaries(corner.endpoints());
        assumeTrue(tools.isPresent(), "needs pg_dump of the server's major version (./travya test provides it)");
        assumeTrue(onPath("gpg"), "needs gpg (Debian's gnupg) for the encrypted backup");
        HttpApi api = new HttpApi(port);
        Fixtures fixtures = new Fixtures(api);
        Account owner = fixtures.user();
        fixtures.itineraryItem(owner, fixtures.trip(owner), 1, "Belém");

        Path work = Files.createTempDirectory("trips-backup-");
        Files.createDirectory(
                work.resolve("gnupg"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(work.resolve("backup.key"), randomPassphrase());
        Files.writeString(work.resolve("wrong.key"), randomPassphrase());
        String restored = corner.database() + "_decrypted";
        try {
            // README.md, "Back up and restore", encrypted: the same commands
            shell(
                    tools.get(),
                    work,
                    "pg_dump -d " + corner.database() + " --schema=trips --format=custom"
                            + " | gpg --batch --symmetric --cipher-algo AES256 --s2k-digest-algo SHA512"
                            + " --passphrase-file backup.key --output trips.dump.gpg");
            String encrypted = Files.readString(work.resolve("trips.dump.gpg"), StandardCharsets.ISO_8859_1);
            assertThat(encrypted).as("no custom-format dump header").doesNotContain("PGDMP");
            PostgresTools.execute(corner.endpoints(), "postgres", "CREATE DATABASE " + restored);
            PostgresTools.bootstrap(corner.endpoints(), restored);

            assertThatThrownBy(() -> shell(
                            tools.get(),
                            work,
                            "gpg --batch --decrypt --passphrase-file wrong.key" + " trips.dump.gpg | pg_restore -d "
                                    + restored + " --clean --if-exists"))
                    .hasMessageContaining("decryption failed");
            try (Connection db = connect(restored);
                    Statement sql = db.createStatement();
                    var tables = sql.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'trips'")) {
                tables.next();
                assertThat(tables.getInt(1))
                        .as("tables restored with the wrong passphrase")
                        .isZero();
            }

            shell(
                    tools.get(),
                    work,
                    "gpg --batch --decrypt --passphrase-file backup.key trips.dump.gpg" + " | pg_restore -d " + restored
                            + " --clean --if-exists");
            assertThat(fingerprints(restored)).isEqualTo(fingerprints(corner.database()));
        } finally {
            shell(tools.get(), work, "gpgconf --kill all");
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .map(Path::toFile)
                        .forEach(File::delete);
            }
            PostgresTools.execute(
                    corner.endpoints(), "postgres", "DROP DATABASE IF EXISTS " + restored + " WITH (FORCE)");
        }
    }

    /**
     * A command line as README.md writes it, in bash with pipefail, with the PostgreSQL tools of the
     * server's version first on the PATH, connected to the test server, and gpg's home in the folder.
     */
    private void shell(Path tools, Path folder, String commands) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-o", "pipefail", "-c", commands)
                .directory(folder.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("PATH", tools + File.pathSeparator + env.getOrDefault("PATH", ""));
        env.put("PGHOST", corner.endpoints().pgHost());
        env.put("PGPORT", Integer.toString(corner.endpoints().pgPort()));
        env.put("PGUSER", corner.endpoints().pgAdminUser());
        env.put("PGPASSWORD", corner.endpoints().pgAdminPassword());
        env.put("GNUPGHOME", folder.resolve("gnupg").toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(commands + " failed:\n" + output);
        }
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    private static String randomPassphrase() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
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
