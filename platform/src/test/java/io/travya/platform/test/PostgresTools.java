package io.travya.platform.test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** pg_dump, pg_restore and friends, run for real against the test servers. */
public final class PostgresTools {

    private PostgresTools() {}

    /**
     * The directory of PostgreSQL client tools whose major version matches the server's (pg_dump
     * refuses a newer server): $TRAVYA_PG_BIN, else the Debian layout, else the PATH.
     */
    public static Optional<Path> binaries(Endpoints at) {
        int serverMajor = serverMajor(at);
        List<Path> candidates = new ArrayList<>();
        String configured = System.getenv("TRAVYA_PG_BIN");
        if (configured != null) {
            candidates.add(Path.of(configured));
        }
        candidates.add(Path.of("/usr/lib/postgresql/" + serverMajor + "/bin"));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            candidates.add(Path.of(dir));
        }
        return candidates.stream()
                .filter(dir -> Files.isExecutable(dir.resolve("pg_dump")))
                .filter(dir -> majorOf(dir.resolve("pg_dump")) >= serverMajor)
                .findFirst();
    }

    /** Runs a PostgreSQL tool as the administrative login against the test server; fails with its output. */
    public static String run(Endpoints at, Path bin, String tool, String... args) {
        List<String> command = new ArrayList<>();
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of("-h", at.pgHost(), "-p", Integer.toString(at.pgPort()), "-U", at.pgAdminUser()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("PGPASSWORD", at.pgAdminPassword());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + tool, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void execute(Endpoints at, String database, String sql) {
        try (Connection connection = TestInfrastructure.admin(at, database);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + database, e);
        }
    }

    /** The bootstrap every Travya database gets (roles, schemas, extensions). */
    public static void bootstrap(Endpoints at, String database) {
        execute(at, database, TestInfrastructure.bootstrapSql());
    }

    private static int serverMajor(Endpoints at) {
        try (Connection connection = TestInfrastructure.admin(at, "postgres");
                Statement statement = connection.createStatement();
                var rs = statement.executeQuery("SHOW server_version_num")) {
            rs.next();
            return Integer.parseInt(rs.getString(1)) / 10000;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int majorOf(Path tool) {
        try {
            Process process = new ProcessBuilder(tool.toString(), "--version")
                    .redirectErrorStream(true)
                    .start();
            String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(10, TimeUnit.SECONDS);
            java.util.regex.Matcher matcher =
                    java.util.regex.Pattern.compile("(\\d+)\\.").matcher(version);
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
