package io.travya.platform.migration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import liquibase.integration.spring.SpringLiquibase;
import liquibase.util.LiquibaseUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.liquibase.autoconfigure.DataSourceClosingSpringLiquibase;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Liquibase at every start parses and checksums the whole changelog and compares it with the schema's
 * {@code databasechangelog}, about a tenth of a service's context start with nothing to run. It is
 * skipped when nothing can have changed since a migration that finished: the fingerprint (SHA-256 of
 * every file under {@code db/changelog/} on the class path, the {@code spring.liquibase.*} settings
 * (parameters, schemas, contexts; passwords left out) and Liquibase's version) is written into the
 * schema with the number of changesets Liquibase recorded, after Liquibase has run without error; a
 * start that finds the same fingerprint and the same number of changesets runs no Liquibase.
 *
 * <p>Anything else runs it as before: a changelog file changed, added or removed, another setting or
 * Liquibase version, a new or restored database (whose fingerprint is missing or older), rows taken
 * out of {@code databasechangelog}, a master changelog outside {@code db/changelog/}, or any error
 * reading the fingerprint. Liquibase has no such check of its own (its checksums are per changeset,
 * compared only once the changelog is parsed).
 */
final class MigrationFingerprint implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(MigrationFingerprint.class);
    private static final String CHANGELOGS = "db/changelog/";
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final String TABLE = "databasechangelog_fingerprint";

    private final Environment environment;
    /** The fingerprint of each Liquibase bean that is migrating, to be recorded once it is done. */
    private final Map<String, String> migrating = new ConcurrentHashMap<>();

    MigrationFingerprint(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (!(bean instanceof SpringLiquibase liquibase)
                || !environment.getProperty("spring.liquibase.enabled", Boolean.class, true)
                || liquibase.isDropFirst()
                || liquibase.isClearCheckSums()) {
            return bean;
        }
        Optional<String> fingerprint = fingerprint(liquibase);
        Optional<String> schema = schema(liquibase);
        if (fingerprint.isEmpty() || schema.isEmpty()) {
            return bean;
        }
        if (recorded(liquibase, schema.get(), fingerprint.get())) {
            log.info(
                    "Liquibase skipped: the changelog and its settings are those of the last migration of {}",
                    schema.get());
            liquibase.setShouldRun(false);
            return bean;
        }
        migrating.put(beanName, fingerprint.get());
        if (bean instanceof DataSourceClosingSpringLiquibase closing) {
            // kept open until the fingerprint is recorded below, then closed there
            closing.setCloseDataSourceOnceMigrated(false);
        }
        return bean;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        String fingerprint = migrating.remove(beanName);
        if (fingerprint == null || !(bean instanceof SpringLiquibase liquibase)) {
            return bean;
        }
        // reached only when Liquibase's update ended without an exception
        record(liquibase, schema(liquibase).orElseThrow(), fingerprint);
        if (bean instanceof DataSourceClosingSpringLiquibase && liquibase.getDataSource() instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("Could not close Liquibase's data source", e);
            }
        }
        return bean;
    }

    private boolean recorded(SpringLiquibase liquibase, String schema, String fingerprint) {
        String sql = "SELECT f.fingerprint = ? AND f.changesets = (SELECT count(*) FROM " + schema + "."
                + changelogTable(liquibase) + ") FROM " + schema + "." + TABLE + " f";
        try (Connection connection = liquibase.getDataSource().getConnection();
                PreparedStatement check = connection.prepareStatement(sql)) {
            check.setString(1, fingerprint);
            try (ResultSet row = check.executeQuery()) {
                return row.next() && row.getBoolean(1) && !row.next();
            }
        } catch (SQLException notRecorded) {
            // no table yet (a new schema), or no Liquibase table: Liquibase decides
            return false;
        }
    }

    private void record(SpringLiquibase liquibase, String schema, String fingerprint) {
        try (Connection connection = liquibase.getDataSource().getConnection()) {
            connection.setAutoCommit(false);
            try (Statement ddl = connection.createStatement();
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema + "." + TABLE
                            + " (fingerprint, changesets) SELECT ?, count(*) FROM " + schema + "."
                            + changelogTable(liquibase))) {
                ddl.execute("CREATE TABLE IF NOT EXISTS " + schema + "." + TABLE
                        + " (fingerprint text NOT NULL, changesets bigint NOT NULL,"
                        + " migrated_at timestamptz NOT NULL DEFAULT now())");
                ddl.execute("LOCK TABLE " + schema + "." + TABLE);
                ddl.execute("DELETE FROM " + schema + "." + TABLE);
                insert.setString(1, fingerprint);
                insert.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            // the next start runs Liquibase again, which finds nothing to do: slower, never wrong
            log.warn("Could not record the migration's fingerprint in {}", schema, e);
        }
    }

    /** The schema of Liquibase's own tables, if it is a plain name (it is written into SQL). */
    private static Optional<String> schema(SpringLiquibase liquibase) {
        String schema =
                liquibase.getLiquibaseSchema() != null ? liquibase.getLiquibaseSchema() : liquibase.getDefaultSchema();
        return Optional.ofNullable(schema)
                .filter(name -> IDENTIFIER.matcher(name).matches());
    }

    private static String changelogTable(SpringLiquibase liquibase) {
        String table = liquibase.getDatabaseChangeLogTable();
        return table != null && IDENTIFIER.matcher(table.toLowerCase()).matches() ? table : "databasechangelog";
    }

    /** Empty when the master changelog is not under db/changelog/, whose files alone are hashed. */
    private Optional<String> fingerprint(SpringLiquibase liquibase) {
        String master = liquibase.getChangeLog() == null
                ? ""
                : liquibase.getChangeLog().replaceFirst("^classpath\\*?:", "").replaceFirst("^/+", "");
        if (!master.startsWith(CHANGELOGS)) {
            return Optional.empty();
        }
        MessageDigest digest = sha256();
        update(digest, "liquibase " + LiquibaseUtil.getBuildVersion());
        update(digest, "master " + master);
        Map<String, String> settings = new TreeMap<>(Binder.get(environment)
                .bind("spring.liquibase", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of()));
        settings.forEach((name, value) -> {
            if (!name.toLowerCase().contains("password")) {
                update(digest, "setting " + name + "=" + value);
            }
        });
        try {
            Resource[] files = new PathMatchingResourcePatternResolver(
                            getClass().getClassLoader())
                    .getResources("classpath*:" + CHANGELOGS + "**/*");
            Arrays.sort(files, Comparator.comparing(MigrationFingerprint::pathOf));
            for (Resource file : files) {
                if (!file.isReadable() || pathOf(file).endsWith("/")) {
                    continue;
                }
                update(digest, "file " + pathOf(file));
                try (InputStream in = file.getInputStream()) {
                    digest.update(in.readAllBytes());
                }
            }
        } catch (IOException unreadable) {
            return Optional.empty();
        }
        return Optional.of(HexFormat.of().formatHex(digest.digest()));
    }

    /** The file's path from db/changelog/ on, the same whichever jar or directory holds it. */
    private static String pathOf(Resource file) {
        try {
            String url = file.getURL().toString();
            int at = url.lastIndexOf(CHANGELOGS);
            return at < 0 ? url : url.substring(at);
        } catch (IOException e) {
            return String.valueOf(file.getDescription());
        }
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
