package io.travya.platform.relay;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Where the relay's database is, parsed once from the service's JDBC URL, with the URL's TLS settings
 * ({@code sslmode}, {@code sslrootcert}: null when it has none) for Debezium, which takes them apart.
 */
record RelayDatabase(
        String jdbcUrl,
        String host,
        int port,
        String database,
        String username,
        String password,
        String sslMode,
        String sslRootCert) {

    static RelayDatabase from(RelayProperties properties) {
        Properties parsed = Driver.parseURL(properties.jdbcUrl(), null);
        if (parsed == null) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + properties.jdbcUrl());
        }
        return new RelayDatabase(
                properties.jdbcUrl(),
                parsed.getProperty("PGHOST").split(",")[0],
                Integer.parseInt(parsed.getProperty("PGPORT").split(",")[0]),
                parsed.getProperty("PGDBNAME"),
                properties.username(),
                properties.password(),
                parsed.getProperty("sslmode"),
                parsed.getProperty("sslrootcert"));
    }

    Connection connect(String applicationName) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", username);
        props.setProperty("password", password);
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(jdbcUrl, props);
    }
}
