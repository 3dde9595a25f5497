package io.travya.platform.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * TLS to every server, from one setting: {@code travya.tls.ca} ({@code TRAVYA_TLS_CA}, which
 * {@code ./travya env} exports), the certificate authority that signed the servers' certificates.
 * When it is set, PostgreSQL is reached with {@code sslmode=verify-full} (the datasource, Liquibase,
 * the relay and Debezium all take the JDBC URL's parameters), Redis through the SSL bundle
 * {@code travya}, Kafka with that CA as its truststore (the protocol itself is
 * {@code TRAVYA_KAFKA_SECURITY_PROTOCOL}, SASL_SSL by default) and the registry's clients trust it too.
 * Without it (docker-compose's network, the Testcontainers fallback) nothing here applies.
 *
 * <p>The settings are worked out when they are read, not when the environment is prepared, so that a
 * CA given later (a test context's initializer) counts as much as one in the environment. They have
 * the lowest precedence: a service's own configuration overrides any of them.
 */
public class TlsDefaults implements EnvironmentPostProcessor {

    public static final String CA = "travya.tls.ca";
    public static final String BUNDLE = "travya";

    private static final Map<String, UnaryOperator<String>> SETTINGS = new LinkedHashMap<>();

    static {
        // appended to the datasource URL (travya-platform-defaults.properties)
        SETTINGS.put("travya.tls.jdbc-parameters", ca -> "?" + jdbcParameters(ca));
        SETTINGS.put("spring.ssl.bundle.pem." + BUNDLE + ".truststore.certificate", ca -> "file:" + ca);
        SETTINGS.put("spring.data.redis.ssl.enabled", ca -> "true");
        SETTINGS.put("spring.data.redis.ssl.bundle", ca -> BUNDLE);
        for (String client : new String[] {"spring.kafka.properties.", "travya.relay.producer."}) {
            SETTINGS.put(client + "ssl.truststore.type", ca -> "PEM");
            SETTINGS.put(client + "ssl.truststore.location", ca -> ca);
        }
    }

    /** The JDBC URL parameters that make the PostgreSQL driver insist on TLS with this CA and host name. */
    public static String jdbcParameters(String ca) {
        return "sslmode=verify-full&sslrootcert=" + ca;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new TlsPropertySource(environment));
    }

    /**
     * Its source is the settings' table, not the environment it reads: Boot would take a property source
     * whose source is an environment for a nested one and walk into it, in circles.
     */
    private static final class TlsPropertySource extends EnumerablePropertySource<Map<String, UnaryOperator<String>>> {

        private final ConfigurableEnvironment environment;

        TlsPropertySource(ConfigurableEnvironment environment) {
            super("travyaTlsDefaults", SETTINGS);
            this.environment = environment;
        }

        /** Set while this thread looks the CA up, which asks every property source, this one too. */
        private static final ThreadLocal<Boolean> LOOKING_UP = ThreadLocal.withInitial(() -> false);

        private String ca() {
            if (LOOKING_UP.get()) {
                return null;
            }
            LOOKING_UP.set(true);
            try {
                String ca = environment.getProperty(CA);
                return ca == null || ca.isBlank() ? null : ca.strip();
            } finally {
                LOOKING_UP.set(false);
            }
        }

        @Override
        public String[] getPropertyNames() {
            return ca() == null ? new String[0] : SETTINGS.keySet().toArray(String[]::new);
        }

        @Override
        public Object getProperty(String name) {
            UnaryOperator<String> setting = SETTINGS.get(name);
            if (setting == null) {
                return null;
            }
            String ca = ca();
            return ca == null ? null : setting.apply(ca);
        }
    }
}
