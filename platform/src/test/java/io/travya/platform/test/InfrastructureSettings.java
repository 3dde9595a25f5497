package io.travya.platform.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The infrastructure's settings files as the tests read them, from the copies of {@code infra/} on the
 * test classpath: {@code infra/settings.env} (the default ports and the server versions that
 * {@code ./travya} and docker-compose use too) and {@code infra/registry/registry.env}. One
 * {@code KEY=VALUE} a line, {@code #} comments, the format docker-compose's env files have.
 */
public final class InfrastructureSettings {

    private static final Map<String, String> SETTINGS = read("/travya-infra/settings.env");

    private InfrastructureSettings() {}

    /** A setting of infra/settings.env, e.g. {@code KAFKA_VERSION}; a name it lacks is a mistake. */
    public static String setting(String name) {
        String value = SETTINGS.get(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is not in infra/settings.env");
        }
        return value;
    }

    /** A port of infra/settings.env, e.g. {@code TRAVYA_PG_PORT}. */
    public static int port(String name) {
        return Integer.parseInt(setting(name));
    }

    /** The settings of an env file on the test classpath, in file order. */
    static Map<String, String> read(String resource) {
        try (InputStream in = InfrastructureSettings.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        resource + " is not on the test classpath (platform/pom.xml copies it)");
            }
            Map<String, String> settings = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int equals = line.indexOf('=');
                if (!line.startsWith("#") && equals > 0) {
                    settings.put(
                            line.substring(0, equals).trim(),
                            line.substring(equals + 1).trim());
                }
            }
            return settings;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
