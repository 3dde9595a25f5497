package io.travya.platform.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestInfrastructure;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.exception.LiquibaseException;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.liquibase.autoconfigure.DataSourceClosingSpringLiquibase;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.util.ReflectionTestUtils;

/** Liquibase runs at a start unless nothing changed since the last migration that finished. */
class MigrationFingerprintTest {

    private static final String SCHEMA = "bookings";

    private TestCorner corner;
    private DataSource owner;
    private final MockEnvironment environment = new MockEnvironment()
            .withProperty("spring.liquibase.parameters.schema", SCHEMA)
            .withProperty("spring.liquibase.password", "not part of the fingerprint");

    @BeforeEach
    void setUp() {
        corner = TestInfrastructure.createCorner(TestInfrastructure.newCornerName());
        owner = new SimpleDriverDataSource(
                new org.postgresql.Driver(),
                corner.jdbcUrl(),
                SCHEMA + "_owner",
                corner.endpoints().pgPassword(SCHEMA + "_owner"));
    }

    @AfterEach
    void tearDown() {
        corner.destroy();
    }

    @Test
    void aStartWithNothingChangedSinceTheLastMigrationRunsNoLiquibase() throws Exception {
        assertThat(start()).as("the first start migrates").isTrue();
        assertThat(start()).as("the next start").isFalse();
        environment.setProperty("spring.liquibase.password", "another password");
        assertThat(start()).as("a start with only another password").isFalse();
    }

    @Test
    void otherSettingsRunLiquibase() throws Exception {
        start();
        environment.setProperty("spring.liquibase.contexts", "other");
        assertThat(start()).isTrue();
        assertThat(start())
                .as("and then the new settings are the recorded ones")
                .isFalse();
    }

    @Test
    void aChangesetTakenOutOfLiquibasesRecordRunsAgain() throws Exception {
        start();
        sql("DELETE FROM " + SCHEMA + ".databasechangelog WHERE id = 'fingerprint-test-1'");
        assertThat(start()).isTrue();
        assertThat(count(SCHEMA + ".databasechangelog WHERE id = 'fingerprint-test-1'"))
                .isEqualTo(1);
    }

    @Test
    void aDatabaseWithoutTheRecordOfAFinishedMigrationRunsLiquibase() throws Exception {
        start();
        sql("DROP TABLE " + SCHEMA + ".databasechangelog_fingerprint");
        assertThat(start()).isTrue();
        assertThat(count(SCHEMA + ".databasechangelog_fingerprint")).isEqualTo(1);
    }

    @Test
    void aMigrationThatFailsRecordsNothing() throws Exception {
        sql("CREATE TABLE " + SCHEMA + ".databasechangelog_fingerprint (fingerprint text, changesets bigint)");
        sql("INSERT INTO " + SCHEMA + ".databasechangelog_fingerprint VALUES ('an older changelog', 0)");
        // the changeset cannot insert into its table: its name is taken by a view that takes no rows
        sql("CREATE VIEW " + SCHEMA + ".fingerprint_probe AS SELECT 1 AS id");
        MigrationFingerprint fingerprint = new MigrationFingerprint(environment);
        SpringLiquibase liquibase = liquibase();
        fingerprint.postProcessBeforeInitialization(liquibase, "liquibase");
        try {
            liquibase.afterPropertiesSet();
        } catch (LiquibaseException expected) {
            // Spring stops the start here: postProcessAfterInitialization is never called
        }
        assertThat(count(SCHEMA + ".databasechangelog_fingerprint WHERE fingerprint = 'an older changelog'"))
                .isEqualTo(1);
    }

    /** A service's start as Spring runs it: the bean, its post-processing, its initialisation. */
    private boolean start() throws Exception {
        MigrationFingerprint fingerprint = new MigrationFingerprint(environment);
        SpringLiquibase liquibase = liquibase();
        fingerprint.postProcessBeforeInitialization(liquibase, "liquibase");
        liquibase.afterPropertiesSet();
        fingerprint.postProcessAfterInitialization(liquibase, "liquibase");
        return (boolean) ReflectionTestUtils.getField(liquibase, "shouldRun");
    }

    private SpringLiquibase liquibase() {
        DataSourceClosingSpringLiquibase liquibase = new DataSourceClosingSpringLiquibase();
        liquibase.setDataSource(owner);
        liquibase.setResourceLoader(new DefaultResourceLoader());
        liquibase.setChangeLog("classpath:db/changelog/fingerprint-test/master.yaml");
        liquibase.setDefaultSchema(SCHEMA);
        liquibase.setLiquibaseSchema(SCHEMA);
        liquibase.setContexts(environment.getProperty("spring.liquibase.contexts"));
        liquibase.setChangeLogParameters(Map.of("schema", SCHEMA));
        return liquibase;
    }

    private void sql(String sql) throws Exception {
        try (Connection connection = owner.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private long count(String from) throws Exception {
        try (Connection connection = owner.getConnection();
                Statement statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT count(*) FROM " + from)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
