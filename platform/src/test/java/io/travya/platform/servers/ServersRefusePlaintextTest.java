package io.travya.platform.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.travya.platform.test.Endpoints;
import io.travya.platform.test.TestInfrastructure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every server of the stack takes TLS only and proves who it is with a certificate from the stack's
 * own CA: a client without TLS is refused, and so is a client that trusts another CA (a freshly made
 * one, as an attacker's server would present), while the same client trusting the stack's CA gets in.
 * The services' own connections being encrypted is trip-service's EncryptedTrafficTest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServersRefusePlaintextTest {

    private Endpoints at;

    /** The PEM certificate of a CA that signed none of the servers' certificates. */
    private String otherCa;

    @BeforeAll
    void anotherCa(@TempDir Path dir) throws Exception {
        at = TestInfrastructure.endpoints();
        assumeTrue(at.tlsCa() != null, "the servers have no TLS here (the Testcontainers fallback)");
        otherCa = freshCa(dir).toString();
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class PostgreSql {

        private final String plain = "jdbc:postgresql://" + at.pgHost() + ":" + at.pgPort() + "/postgres";

        @Test
        void refusesAConnectionWithoutTls() {
            assertThatThrownBy(() -> connect(plain + "?sslmode=disable"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("no encryption");
        }

        @Test
        void isNotTrustedByAClientThatTrustsAnotherCa() {
            assertThatThrownBy(() -> connect(at.trustingOnly(otherCa).jdbcUrl("postgres")))
                    .isInstanceOf(SQLException.class)
                    .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class);
        }

        @Test
        void takesAClientThatTrustsTheStacksCa() {
            assertThatCode(() -> connect(at.jdbcUrl("postgres"))).doesNotThrowAnyException();
        }

        private void connect(String url) throws SQLException {
            try (Connection connection = DriverManager.getConnection(url, at.pgAdminUser(), at.pgAdminPassword())) {
                connection.isValid(5);
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Redis {

        @Test
        void refusesAConnectionWithoutTls() {
            String plain = at.redisAdminUri().replaceFirst("^rediss://", "redis://");
            assertThatThrownBy(() -> ping(RedisClient.create(plain))).isInstanceOf(RuntimeException.class);
        }

        @Test
        void isNotTrustedByAClientThatTrustsAnotherCa() {
            assertThatThrownBy(() -> ping(at.trustingOnly(otherCa).redisClient(at.redisAdminUri())))
                    .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class);
        }

        @Test
        void takesAClientThatTrustsTheStacksCa() {
            assertThat(ping(at.redisClient(at.redisAdminUri()))).isEqualTo("PONG");
        }

        private String ping(RedisClient client) {
            client.setDefaultTimeout(Duration.ofSeconds(5));
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                return connection.sync().ping();
            } finally {
                client.shutdown(0, 2, TimeUnit.SECONDS);
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Kafka {

        @Test
        void refusesAClientWithoutTls() {
            Map<String, Object> plain = at.kafkaAdmin();
            plain.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
            assertThatThrownBy(() -> clusterId(plain)).isInstanceOf(Exception.class);
        }

        @Test
        void isNotTrustedByAClientThatTrustsAnotherCa() {
            assertThatThrownBy(() -> clusterId(at.trustingOnly(otherCa).kafkaAdmin()))
                    .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class);
        }

        @Test
        void takesAClientThatTrustsTheStacksCa() throws Exception {
            assertThat(clusterId(at.kafkaAdmin())).isNotBlank();
        }

        @Test
        void theBrokersOnlyClientListenerIsSaslSsl() throws Exception {
            try (Admin admin = Admin.create(withTimeouts(at.kafkaAdmin()))) {
                String broker =
                        admin.describeCluster().nodes().get().iterator().next().idString();
                ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker);
                Config config =
                        admin.describeConfigs(List.of(resource)).all().get().get(resource);
                Map<String, String> protocols = Arrays.stream(config.get("listener.security.protocol.map")
                                .value()
                                .split(","))
                        .map(entry -> entry.split(":"))
                        .collect(Collectors.toMap(entry -> entry[0], entry -> entry[1]));
                Set<String> controllers =
                        Set.of(config.get("controller.listener.names").value().split(","));
                Set<String> clientListeners = Arrays.stream(
                                config.get("listeners").value().split(","))
                        .map(listener -> listener.substring(0, listener.indexOf(':')))
                        .filter(name -> !controllers.contains(name))
                        .collect(Collectors.toSet());

                assertThat(clientListeners).isNotEmpty();
                assertThat(clientListeners)
                        .allSatisfy(name -> assertThat(protocols.get(name))
                                .as("listener %s", name)
                                .isEqualTo("SASL_SSL"));
            }
        }

        private String clusterId(Map<String, Object> config) throws Exception {
            try (Admin admin = Admin.create(withTimeouts(config))) {
                return admin.describeCluster().clusterId().get(15, TimeUnit.SECONDS);
            }
        }

        private Map<String, Object> withTimeouts(Map<String, Object> config) {
            Map<String, Object> bounded = new HashMap<>(config);
            bounded.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
            bounded.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8000);
            return bounded;
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class SchemaRegistry {

        private final String subjects = "/apis/ccompat/v7/subjects";

        @Test
        void refusesPlainHttp() {
            String plain = at.registryUrl().replaceFirst("^https://", "http://");
            assertThatThrownBy(() -> get(HttpClient.newHttpClient(), plain + subjects))
                    .isInstanceOf(IOException.class);
        }

        @Test
        void isNotTrustedByAClientThatTrustsAnotherCa() {
            assertThatThrownBy(() -> get(at.trustingOnly(otherCa).registryHttpClient(), at.registryUrl() + subjects))
                    .isInstanceOf(SSLException.class);
        }

        @Test
        void takesAClientThatTrustsTheStacksCa() throws Exception {
            assertThat(at.registryUrl()).startsWith("https://");
            assertThat(get(at.registryHttpClient(), at.registryUrl() + subjects))
                    .isEqualTo(200);
        }

        private int get(HttpClient http, String url) throws IOException, InterruptedException {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }

    /** A new self-signed CA (with the JDK's keytool), its certificate written as PEM. */
    private static Path freshCa(Path dir) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path store = dir.resolve("other-ca.p12");
        Path pem = dir.resolve("other-ca.crt");
        run(List.of(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "other",
                "-keyalg",
                "EC",
                "-dname",
                "CN=Another CA",
                "-ext",
                "bc:c",
                "-ext",
                "san=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit"));
        run(List.of(
                keytool.toString(),
                "-exportcert",
                "-rfc",
                "-alias",
                "other",
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit",
                "-file",
                pem.toString()));
        assertThat(Files.readString(pem)).contains("BEGIN CERTIFICATE");
        return pem;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor())
                .as(String.join(" ", command) + "\n" + output)
                .isZero();
    }
}
