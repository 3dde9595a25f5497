package io.travya.platform.migration;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import liquibase.Liquibase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.integration.spring.Customizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Instances of a service that start together migrate one after the other. Liquibase's own lock is a
 * row in a table it creates first; two instances meeting a new schema both try to create its tables,
 * and one fails ("An error occurred while attempting to create the database changelog table"). So
 * before Liquibase touches the schema, its connection takes a PostgreSQL advisory lock named after the
 * schema; the lock goes with the connection, which Liquibase closes when it is done (it migrates as
 * the schema's owner, {@code spring.liquibase.user}, over a connection of its own, not one from the
 * pool that would keep the lock).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration")
@ConditionalOnClass(Liquibase.class)
@ConditionalOnProperty("travya.schema")
public class MigrationAutoConfiguration {

    /** No Liquibase at a start when nothing changed since the last migration that finished. */
    @Bean
    static MigrationFingerprint migrationFingerprint(Environment environment) {
        return new MigrationFingerprint(environment);
    }

    @Bean
    Customizer<Liquibase> oneMigrationAtATime(@Value("${travya.schema}") String schema) {
        long key = UUID.nameUUIDFromBytes(("travya-migration:" + schema).getBytes(StandardCharsets.UTF_8))
                .getMostSignificantBits();
        return liquibase -> {
            if (!(liquibase.getDatabase().getConnection() instanceof JdbcConnection jdbc)) {
                return;
            }
            Connection connection = jdbc.getUnderlyingConnection();
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
                lock.setLong(1, key);
                lock.execute();
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot wait for other instances migrating " + schema, e);
            }
        };
    }
}
