package io.travya.platform.test;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.travya.events.EventTopic;
import io.travya.infra.KafkaAccess;
import io.travya.platform.events.SchemaRegistrar;
import io.travya.platform.events.TopicNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;

/**
 * The users a test corner's services log in as, made by the tests' set-up as the administrators, with
 * the rules production has for its own prefix: Kafka users {@code <corner>-<service>} with the ACLs of
 * infra/kafka/access.conf for the corner's topic prefix, Redis users {@code <corner>-trip-service} and
 * {@code <corner>-operator}, {@code <corner>-gateway} from infra/redis/users.acl for the corner's key prefix. The corner's
 * schemas are registered the way {@code ./travya up} registers production's (the services only read
 * the registry).
 */
final class CornerAccess {

    /** The users of infra/redis/users.acl that a corner gets a copy of. */
    static final List<String> REDIS_USERS = List.of("trip-service", "operator", "gateway");

    private static final List<KafkaAccess.Rule> KAFKA_RULES = KafkaAccess.rules(resource("kafka/access.conf"));
    private static final String REDIS_USERS_TEMPLATE = resource("redis/users.acl");

    /** Each corner user's password, by service (Kafka) and by template user (Redis). */
    record Credentials(Map<String, String> kafka, Map<String, String> redis) {}

    private CornerAccess() {}

    static String kafkaUser(String corner, String service) {
        return corner + "-" + service;
    }

    static String redisUser(String corner, String name) {
        return corner + "-" + name;
    }

    static Credentials grant(Endpoints at, String corner) {
        Map<String, String> kafka = new LinkedHashMap<>();
        if (at.kafkaSecured()) {
            KafkaAccess.services(KAFKA_RULES)
                    .forEach(service -> kafka.put(service, ContainerInfrastructure.generatedPassword()));
            Properties config = properties(at.kafkaAdmin());
            try (Admin admin = Admin.create(config)) {
                KafkaAccess.grant(admin, config, KAFKA_RULES, corner, kafka, service -> kafkaUser(corner, service));
            } catch (ExecutionException e) {
                throw new IllegalStateException("Cannot create the Kafka users of corner " + corner, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        Map<String, String> redis = new LinkedHashMap<>();
        REDIS_USERS.forEach(name -> redis.put(name, ContainerInfrastructure.generatedPassword()));
        withRedis(at, connection -> {
            for (Map.Entry<String, String> user : redis.entrySet()) {
                List<String> arguments = new ArrayList<>(List.of("SETUSER", redisUser(corner, user.getKey()), "reset"));
                for (String rule : redisRules(user.getKey())) {
                    arguments.add(rule.replace("{prefix}", corner).replace("{password}", ">" + user.getValue()));
                }
                acl(connection, arguments);
            }
        });
        registerSchemas(at, corner);
        return new Credentials(Map.copyOf(kafka), Map.copyOf(redis));
    }

    /** Removes the corner's users; what is already gone is no error. */
    static void revoke(Endpoints at, String corner) {
        if (at.kafkaSecured()) {
            try (Admin admin = Admin.create(properties(at.kafkaAdmin()))) {
                KafkaAccess.revoke(
                        admin,
                        KafkaAccess.services(KAFKA_RULES).stream()
                                .map(service -> kafkaUser(corner, service))
                                .toList());
            } catch (ExecutionException | RuntimeException e) {
                System.err.println("[travya-test] could not remove the Kafka users of " + corner + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            withRedis(at, connection -> {
                List<String> arguments = new ArrayList<>(List.of("DELUSER"));
                REDIS_USERS.forEach(name -> arguments.add(redisUser(corner, name)));
                connection
                        .sync()
                        .dispatch(
                                CommandType.ACL,
                                new io.lettuce.core.output.IntegerOutput<>(StringCodec.UTF8),
                                new CommandArgs<>(StringCodec.UTF8).addValues(arguments));
            });
        } catch (RuntimeException e) {
            System.err.println("[travya-test] could not remove the Redis users of " + corner + ": " + e);
        }
    }

    /** Registers every topic's schema for the corner's prefix, as the registry's administrator. */
    private static void registerSchemas(Endpoints at, String corner) {
        try {
            SchemaRegistrar registrar = new SchemaRegistrar(
                    at.registry(Duration.ofSeconds(60)),
                    new TopicNames(corner),
                    at.registryAdminUser(),
                    at.registryAdminPassword());
            for (EventTopic topic : EventTopic.values()) {
                registrar.register(topic);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The rules of a user in infra/redis/users.acl: the words after {@code user <name>}. */
    static List<String> redisRules(String name) {
        for (String line : REDIS_USERS_TEMPLATE.split("\n")) {
            String[] words = line.strip().split("\\s+");
            if (words.length > 2 && words[0].equals("user") && words[1].equals(name)) {
                return List.of(words).subList(2, words.length);
            }
        }
        throw new IllegalStateException("infra/redis/users.acl has no user " + name);
    }

    private static void acl(StatefulRedisConnection<String, String> connection, List<String> arguments) {
        String reply = connection
                .sync()
                .dispatch(
                        CommandType.ACL,
                        new StatusOutput<>(StringCodec.UTF8),
                        new CommandArgs<>(StringCodec.UTF8).addValues(arguments));
        if (!"OK".equals(reply)) {
            throw new IllegalStateException("ACL " + arguments.get(0) + " " + arguments.get(1) + " answered " + reply);
        }
    }

    /**
     * Runs the work on the standalone Redis and on every node of the Redis Cluster beside it, if one
     * runs: each node of a cluster keeps its own users (ACL SETUSER is not passed on), so a corner's
     * users are made on each.
     */
    static void withRedis(Endpoints at, java.util.function.Consumer<StatefulRedisConnection<String, String>> work) {
        List<String> uris = new ArrayList<>(List.of(at.redisAdminUri()));
        at.redisClusterNodes().forEach(node -> uris.add(at.redisAdminUri(node)));
        for (String uri : uris) {
            RedisClient client = at.redisClient(uri);
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                work.accept(connection);
            } finally {
                client.shutdown();
            }
        }
    }

    static Properties properties(Map<String, Object> config) {
        Properties properties = new Properties();
        properties.putAll(config);
        return properties;
    }

    private static String resource(String name) {
        try (InputStream in = CornerAccess.class.getResourceAsStream("/travya-infra/" + name)) {
            if (in == null) {
                throw new IllegalStateException("travya-infra/" + name + " is not on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
