package io.travya.gateway.ratelimit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A copy of one user of infra/redis/users.acl on the test Redis (the one {@code ./travya env}
 * names), with its rules for a key prefix of its own, made and removed as the administrator, as the
 * other modules' test corners do.
 */
final class TestRedisUser implements AutoCloseable {

    private static final Path TEMPLATE = Path.of("..", "infra", "redis", "users.acl");

    private final String prefix =
            "itgw" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String name;
    private final String password = UUID.randomUUID().toString().replace("-", "");
    private final RedisClient admin;

    private TestRedisUser(String template) {
        this.name = prefix + "-" + template;
        admin = RedisClient.create(RedisURI.builder()
                .withHost(host())
                .withPort(port())
                .withSsl(tlsCa() != null)
                .withAuthentication(
                        env("TRAVYA_REDIS_ADMIN_USER", "admin"),
                        env("TRAVYA_REDIS_ADMIN_PASSWORD", "").toCharArray())
                .build());
        if (tlsCa() != null) {
            // Redis takes TLS only under ./travya: trust its CA, as the gateway does
            admin.setOptions(ClientOptions.builder()
                    .sslOptions(
                            SslOptions.builder().trustManager(new File(tlsCa())).build())
                    .build());
        }
        List<String> arguments = new ArrayList<>(List.of("SETUSER", name, "reset"));
        for (String rule : rules(template)) {
            arguments.add(rule.replace("{prefix}", prefix).replace("{password}", ">" + password));
        }
        acl(arguments);
    }

    static TestRedisUser fromTemplate(String template) {
        return new TestRedisUser(template);
    }

    /** The servers' certificate authority (./travya env's TRAVYA_TLS_CA), or null without TLS. */
    String tlsCa() {
        String ca = env("TRAVYA_TLS_CA", "");
        return ca.isBlank() ? null : ca;
    }

    String host() {
        return env("TRAVYA_REDIS_HOST", "127.0.0.1");
    }

    int port() {
        return Integer.parseInt(env("TRAVYA_REDIS_PORT", "6379"));
    }

    String username() {
        return name;
    }

    String password() {
        return password;
    }

    String prefix() {
        return prefix;
    }

    /** The rate limiter's keys under this user's prefix. */
    List<String> keys() {
        try (StatefulRedisConnection<String, String> connection = admin.connect()) {
            List<String> keys = new ArrayList<>();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = connection
                        .sync()
                        .scan(
                                cursor,
                                ScanArgs.Builder.matches("request_rate_limiter.{" + prefix + ":*")
                                        .limit(500));
                keys.addAll(page.getKeys());
                cursor = page;
            } while (!cursor.isFinished());
            return keys;
        }
    }

    @Override
    public void close() {
        List<String> keys = keys();
        try (StatefulRedisConnection<String, String> connection = admin.connect()) {
            if (!keys.isEmpty()) {
                connection.sync().del(keys.toArray(String[]::new));
            }
        }
        try (StatefulRedisConnection<String, String> connection = admin.connect()) {
            connection
                    .sync()
                    .dispatch(
                            CommandType.ACL,
                            new IntegerOutput<>(StringCodec.UTF8),
                            new CommandArgs<>(StringCodec.UTF8).addValues(List.of("DELUSER", name)));
        }
        admin.shutdown();
    }

    private void acl(List<String> arguments) {
        try (StatefulRedisConnection<String, String> connection = admin.connect()) {
            connection
                    .sync()
                    .dispatch(
                            CommandType.ACL,
                            new StatusOutput<>(StringCodec.UTF8),
                            new CommandArgs<>(StringCodec.UTF8).addValues(arguments));
        }
    }

    private static List<String> rules(String user) {
        try {
            for (String line : Files.readAllLines(TEMPLATE)) {
                String[] words = line.trim().split("\\s+");
                if (words.length > 2 && words[0].equals("user") && words[1].equals(user)) {
                    return Arrays.asList(words).subList(2, words.length);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + TEMPLATE.toAbsolutePath(), e);
        }
        throw new IllegalStateException(TEMPLATE + " has no user " + user);
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
