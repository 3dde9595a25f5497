package io.travya.platform.test;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same servers from Testcontainers, for a machine with Docker and no native stack, in the versions of
 * infra/settings.env: PostgreSQL
 * built from infra/postgres/Dockerfile (pgaudit, and the settings of infra/postgres/travya.conf: logical
 * decoding, pg_stat_statements), Kafka in KRaft mode, Apicurio Registry and Redis. Started once per JVM.
 */
final class ContainerInfrastructure {

    private ContainerInfrastructure() {}

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // they live as long as the JVM; Testcontainers' reaper removes them
    static Endpoints start() {
        PostgreSQLContainer postgres = new PostgreSQLContainer(postgresImage())
                .withUsername("postgres")
                .withPassword(generatedPassword())
                .withCommand("postgres");
        KafkaContainer kafka = new KafkaContainer("apache/kafka:" + InfrastructureSettings.setting("KAFKA_VERSION"));
        String registryPassword = generatedPassword();
        // as ./travya runs it (registry.env): anyone reads, only the user admin (HTTP basic) writes
        GenericContainer<?> registry = new GenericContainer<>(
                        "quay.io/apicurio/apicurio-registry:" + InfrastructureSettings.setting("APICURIO_VERSION"))
                .withEnv(InfrastructureSettings.read("/travya-infra/registry.env"))
                .withExposedPorts(8080)
                .withCopyToContainer(
                        Transferable.of("quarkus.security.users.embedded.plain-text=true\n"
                                + "quarkus.security.users.embedded.users.admin=" + registryPassword + "\n"
                                + "quarkus.security.users.embedded.roles.admin=sr-admin\n"),
                        "/deployments/config/application.properties")
                .waitingFor(Wait.forHttp("/apis/ccompat/v7/subjects"));
        GenericContainer<?> redis = new GenericContainer<>(
                        "redis:" + InfrastructureSettings.setting("REDIS_IMAGE_VERSION"))
                .withExposedPorts(6379);
        postgres.start();
        kafka.start();
        registry.start();
        redis.start();
        Map<String, String> rolePasswords = new HashMap<>();
        TestInfrastructure.ROLES.forEach(role -> rolePasswords.put(role, generatedPassword()));
        String adminPassword = generatedPassword();
        createRoles(postgres, rolePasswords, adminPassword);
        String redisPassword = generatedPassword();
        lockRedis(redis, redisPassword);
        return new Endpoints(
                postgres.getHost(),
                postgres.getMappedPort(5432),
                "travya_admin",
                adminPassword,
                Map.copyOf(rolePasswords),
                kafka.getBootstrapServers(),
                // Testcontainers' Kafka has no SASL listener: here the ACLs of access.conf are not
                // in force (the tests that prove them need ./travya's Kafka)
                "PLAINTEXT",
                null,
                null,
                "http://" + registry.getHost() + ":" + registry.getMappedPort(8080),
                "admin",
                registryPassword,
                redis.getHost(),
                redis.getMappedPort(6379),
                "admin",
                redisPassword,
                null,
                java.util.List.of());
    }

    /**
     * Travya's roles with generated passwords, as ./travya makes them; then the superuser loses its
     * password, so that, as on the native stack, it cannot log in over TCP.
     */
    private static void createRoles(
            PostgreSQLContainer postgres, Map<String, String> rolePasswords, String adminPassword) {
        try (Connection superuser = DriverManager.getConnection(
                        postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
                Statement sql = superuser.createStatement()) {
            sql.execute(TestInfrastructure.infraFile("roles.sql"));
            for (Map.Entry<String, String> role : rolePasswords.entrySet()) {
                sql.execute("ALTER ROLE " + role.getKey() + " PASSWORD '" + role.getValue() + "'");
            }
            sql.execute("ALTER ROLE travya_admin PASSWORD '" + adminPassword + "'");
            sql.execute("ALTER ROLE postgres PASSWORD NULL");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create Travya's roles in the PostgreSQL container", e);
        }
    }

    /** As ./travya's Redis: an administrator, and a default user that can do nothing. */
    private static void lockRedis(GenericContainer<?> redis, String adminPassword) {
        RedisClient client = RedisClient.create("redis://" + redis.getHost() + ":" + redis.getMappedPort(6379));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<String> lockDefault = new ArrayList<>(List.of("SETUSER", "default"));
            lockDefault.addAll(CornerAccess.redisRules("default"));
            for (List<String> arguments :
                    List.of(List.of("SETUSER", "admin", "on", ">" + adminPassword, "~*", "&*", "+@all"), lockDefault)) {
                connection
                        .sync()
                        .dispatch(
                                CommandType.ACL,
                                new StatusOutput<>(StringCodec.UTF8),
                                new CommandArgs<>(StringCodec.UTF8).addValues(arguments));
            }
        } finally {
            client.shutdown();
        }
    }

    /** Letters and digits, like the passwords ./travya generates. */
    static String generatedPassword() {
        SecureRandom random = new SecureRandom();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }

    /** The image docker-compose.yml builds, from the same Dockerfile and settings (test resources). */
    private static DockerImageName postgresImage() {
        String image = new ImageFromDockerfile("travya/postgres-test", false)
                .withFileFromClasspath("Dockerfile", "travya-infra/Dockerfile")
                .withFileFromClasspath("travya.conf", "travya-infra/travya.conf")
                .withBuildArg("POSTGRES_IMAGE_VERSION", InfrastructureSettings.setting("POSTGRES_IMAGE_VERSION"))
                .get();
        return DockerImageName.parse(image).asCompatibleSubstituteFor("postgres");
    }
}
