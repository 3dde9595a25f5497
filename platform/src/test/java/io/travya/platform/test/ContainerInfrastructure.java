package io.travya.platform.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same servers from Testcontainers, for a machine with Docker and no native stack: PostgreSQL 17
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
                .withPassword("postgres")
                .withCommand("postgres");
        KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.2");
        GenericContainer<?> registry = new GenericContainer<>("quay.io/apicurio/apicurio-registry:3.3.3")
                .withEnv(registrySettings())
                .withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/apis/ccompat/v7/subjects"));
        GenericContainer<?> redis = new GenericContainer<>("redis:7.4").withExposedPorts(6379);
        postgres.start();
        kafka.start();
        registry.start();
        redis.start();
        return new Endpoints(
                postgres.getHost(),
                postgres.getMappedPort(5432),
                "postgres",
                "postgres",
                kafka.getBootstrapServers(),
                "http://" + registry.getHost() + ":" + registry.getMappedPort(8080),
                redis.getHost(),
                redis.getMappedPort(6379));
    }

    /** The image docker-compose.yml builds, from the same Dockerfile and settings (test resources). */
    private static DockerImageName postgresImage() {
        String image = new ImageFromDockerfile("travya/postgres-test", false)
                .withFileFromClasspath("Dockerfile", "travya-infra/Dockerfile")
                .withFileFromClasspath("travya.conf", "travya-infra/travya.conf")
                .get();
        return DockerImageName.parse(image).asCompatibleSubstituteFor("postgres");
    }

    /** infra/registry/registry.env, as ./travya and docker-compose start the registry. */
    private static Map<String, String> registrySettings() {
        try (InputStream in = ContainerInfrastructure.class.getResourceAsStream("/travya-infra/registry.env")) {
            if (in == null) {
                throw new IllegalStateException("registry.env is not on the test classpath");
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
