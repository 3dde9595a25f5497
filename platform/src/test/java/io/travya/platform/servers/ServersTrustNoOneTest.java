package io.travya.platform.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.travya.platform.test.Endpoints;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PostgreSQL, Kafka and the schema registry let each client do its own job and nothing else, and
 * let in no one who has not logged in (Redis's users are trip-service's ForgedSessionTest). Each
 * check has its allowed twin, so that a server that refused everything would fail too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServersTrustNoOneTest {

    private TestCorner corner;
    private Endpoints at;

    @BeforeAll
    void corner() {
        corner = TestInfrastructure.createCorner(TestInfrastructure.newCornerName());
        at = corner.endpoints();
    }

    @AfterAll
    void removeCorner() {
        corner.destroy();
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class PostgreSql {

        @Test
        void theSuperuserCannotLogInOverTcpWhateverThePassword() {
            for (String password : List.of("postgres", "", at.pgAdminPassword())) {
                assertThatThrownBy(() -> DriverManager.getConnection(at.jdbcUrl("postgres"), "postgres", password)
                                .close())
                        .as("postgres with password '%s'", password)
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState())
                                .as("invalid authorization")
                                .startsWith("28"));
            }
        }

        @Test
        void theAdministrativeLoginWorksAndIsNoSuperuser() throws SQLException {
            try (Connection admin = TestInfrastructure.admin(at, corner.database());
                    Statement sql = admin.createStatement()) {
                var rs = sql.executeQuery("SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user");
                rs.next();
                assertThat(rs.getBoolean(1)).as("superuser").isFalse();
                assertThat(rs.getBoolean(2)).as("may create roles").isFalse();
            }
        }

        @Test
        void aServiceRoleConnectsToItsDatabaseAndToNoOther() throws SQLException {
            String role = "bookings_app";
            try (Connection own = DriverManager.getConnection(corner.jdbcUrl(), role, at.pgPassword(role))) {
                assertThat(own.isValid(5)).isTrue();
            }
            for (String other : List.of("postgres", "registry", "template1")) {
                assertThatThrownBy(() -> DriverManager.getConnection(at.jdbcUrl(other), role, at.pgPassword(role))
                                .close())
                        .as("%s connecting to %s", role, other)
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("CONNECT");
            }
        }

        @Test
        void aServiceRoleCannotReadAnotherServicesSchema() throws SQLException {
            try (Connection bookings = DriverManager.getConnection(
                            corner.jdbcUrl(), "bookings_app", at.pgPassword("bookings_app"));
                    Statement sql = bookings.createStatement()) {
                assertThatThrownBy(() -> sql.executeQuery("SELECT count(*) FROM trips.outbox"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("permission denied");
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Kafka {

        @BeforeAll
        void topics() throws Exception {
            assumeTrue(at.kafkaSecured(), "Kafka has users and ACLs on the native stack (./travya)");
            try (Admin admin = Admin.create(at.kafkaAdmin())) {
                admin.createTopics(List.of(
                                new NewTopic(corner.topic("trips"), 1, (short) 1),
                                new NewTopic(corner.topic("users"), 1, (short) 1),
                                new NewTopic(corner.topic("conversations"), 1, (short) 1)))
                        .all()
                        .get();
            }
        }

        @Test
        void tripServicePublishesTripEvents() throws Exception {
            RecordMetadata written = publish(corner.kafkaAs("trip-service"), corner.topic("trips"));
            assertThat(written.topic()).isEqualTo(corner.topic("trips"));
        }

        @Test
        void noOtherServiceCanForgeATripOrAUserEvent() {
            for (String service : List.of("booking-service", "conversation-service")) {
                for (String topic : List.of(corner.topic("trips"), corner.topic("users"))) {
                    assertThatThrownBy(() -> publish(corner.kafkaAs(service), topic))
                            .as("%s publishing to %s", service, topic)
                            .hasRootCauseInstanceOf(TopicAuthorizationException.class);
                }
            }
        }

        @Test
        void aServiceReadsWhatItConsumesAndNothingElse() {
            Map<String, Object> booking = corner.kafkaAs("booking-service");
            assertThatCode(() -> poll(booking, corner.topic("trips"), corner.name() + ".booking-service.check"))
                    .as("booking-service reads trips")
                    .doesNotThrowAnyException();
            assertThatThrownBy(() ->
                            poll(booking, corner.topic("conversations"), corner.name() + ".booking-service.check"))
                    .isInstanceOf(TopicAuthorizationException.class);
        }

        @Test
        void aServiceJoinsOnlyItsOwnConsumerGroups() {
            assertThatThrownBy(() -> poll(
                            corner.kafkaAs("booking-service"),
                            corner.topic("trips"),
                            corner.name() + ".trip-service.read-models.g1"))
                    .isInstanceOf(GroupAuthorizationException.class);
        }

        @Test
        void aClientWithAWrongPasswordIsRefused() {
            assertThatThrownBy(() -> publish(
                            at.kafkaAs(corner.name() + "-trip-service", "not-the-password"), corner.topic("trips")))
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }

        @Test
        void aClientThatDoesNotAuthenticateGetsNothingThrough() {
            Map<String, Object> anonymous = new HashMap<>();
            anonymous.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, at.kafkaBootstrap());
            assertThatThrownBy(() -> publish(anonymous, corner.topic("trips")))
                    .hasRootCauseInstanceOf(TimeoutException.class);
        }

        private RecordMetadata publish(Map<String, Object> client, String topic) throws Exception {
            Map<String, Object> config = new HashMap<>(client);
            config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10000);
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
                return producer.send(new ProducerRecord<>(topic, "forged", "{}"))
                        .get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("refused", e.getCause());
            } catch (KafkaException e) {
                throw new IllegalStateException("refused", e);
            }
        }

        /** Subscribes and polls for a while; throws if the broker refuses the topic or the group. */
        private void poll(Map<String, Object> client, String topic, String group) {
            Map<String, Object> config = new HashMap<>(client);
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
                consumer.subscribe(List.of(topic));
                for (int i = 0; i < 5; i++) {
                    consumer.poll(Duration.ofMillis(500));
                }
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class SchemaRegistry {

        private final HttpClient http = at.registryHttpClient();

        @Test
        void anyoneReadsTheSchemas() throws Exception {
            assertThat(send("GET", "/subjects/" + corner.topic("trips") + "-value/versions/latest", null, false)
                            .statusCode())
                    .isEqualTo(200);
        }

        @Test
        void onlyTheAdministratorRegistersOrChangesASchemaOrItsRules() throws Exception {
            String subject = "/subjects/" + corner.topic("trips") + "-value";
            String schema = "{\"schema\":\"{\\\"type\\\":\\\"string\\\"}\"}";
            String compatibility = "{\"compatibility\":\"NONE\"}";
            assertThat(send("POST", subject + "/versions", schema, false).statusCode())
                    .isEqualTo(401);
            assertThat(send("PUT", "/config/" + corner.topic("trips") + "-value", compatibility, false)
                            .statusCode())
                    .isEqualTo(401);
            assertThat(send("DELETE", subject, null, false).statusCode()).isEqualTo(401);
            assertThat(send(
                                    "PUT",
                                    "/config/" + corner.topic("trips") + "-value",
                                    "{\"compatibility\":\"BACKWARD\"}",
                                    true)
                            .statusCode())
                    .as("the administrator may")
                    .isEqualTo(200);
        }

        private HttpResponse<String> send(String method, String path, String body, boolean asAdministrator)
                throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(at.registryUrl() + "/apis/ccompat/v7" + path))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            if (asAdministrator) {
                request.header(
                        "Authorization",
                        "Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString((at.registryAdminUser() + ":" + at.registryAdminPassword())
                                                .getBytes()));
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
