package io.travya.trip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.travya.events.TripEvent;
import io.travya.events.TripEventType;
import io.travya.platform.relay.OutboxRelay;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TopicReader;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.trip.Accounts.Account;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The event spine end to end: API → PostgreSQL outbox → Debezium → Kafka → projection → Redis. */
@TravyaIntegrationTest
class EventSpineTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Autowired
    OutboxRelay outboxRelay;

    @Autowired
    MeterRegistry meters;

    HttpApi api;
    Accounts accounts;
    final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void setUp() {
        api = new HttpApi(port);
        accounts = new Accounts(api);
    }

    @Test
    void aTripCreatedThroughTheApiIsCountedInItsOwnersStatistics() {
        Account alice = accounts.newUser();

        HttpApi.Response created = api.post("/api/v1/trips", Accounts.trip("Lisbon, Portugal"), alice.token());

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("status").asString()).isEqualTo("planned");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode stats = api.get("/api/v1/trips/stats", alice.token()).json();
            assertThat(stats.get("total_trips").asLong()).isEqualTo(1);
            assertThat(stats.get("total_budget").decimalValue()).isEqualByComparingTo("1234.50");
            assertThat(stats.get("trips_by_status").get("planned").asLong()).isEqualTo(1);
        });
    }

    @Test
    void theRecordOnTheTripsTopicIsConfluentWireFormatThatPlainAvroAndTheRegistryDecode() throws Exception {
        Account bob = accounts.newUser();
        String tripId = api.post("/api/v1/trips", Accounts.trip("Kyoto, Japan"), bob.token())
                .json()
                .get("id")
                .asString();

        ConsumerRecord<String, byte[]> record = await().atMost(Duration.ofSeconds(15))
                .until(
                        () ->
                                TopicReader.rawRecords(corner.endpoints(), corner.topic("trips"), Duration.ofSeconds(5))
                                        .stream()
                                        .filter(r -> tripId.equals(r.key()))
                                        .findFirst()
                                        .orElse(null),
                        r -> r != null);

        ByteBuffer bytes = ByteBuffer.wrap(record.value());
        assertThat(bytes.get()).as("magic byte").isZero();
        int schemaId = bytes.getInt();
        Schema writer = new Schema.Parser().parse(registrySchema(schemaId));
        GenericRecord event = new GenericDatumReader<GenericRecord>(writer)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.array(), 5, bytes.remaining(), null));
        assertThat(event.get("event_type").toString()).isEqualTo(TripEventType.TripCreated.name());
        assertThat(event.get("aggregate_id").toString()).isEqualTo(tripId);
        GenericRecord trip = (GenericRecord) event.get("trip");
        assertThat(trip.get("destination").toString()).isEqualTo("Kyoto, Japan");
        assertThat(trip.get("user_id").toString()).isEqualTo(bob.id().toString());
        assertThat(new String(record.headers().lastHeader("event_type").value()))
                .isEqualTo(TripEventType.TripCreated.name());
    }

    @Test
    void aTripWrittenWhileTheRelayIsStoppedIsDeliveredOnceItRestarts() {
        Account carol = accounts.newUser();
        outboxRelay.stop();
        String tripId;
        try {
            HttpApi.Response created = api.post("/api/v1/trips", Accounts.trip("Oslo, Norway"), carol.token());
            assertThat(created.status()).isEqualTo(201);
            tripId = created.json().get("id").asString();
        } finally {
            outboxRelay.start();
        }

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(TopicReader.events(
                                corner.endpoints(),
                                corner.topic("trips"),
                                TripEvent.class,
                                e -> e.getAggregateId().toString().equals(tripId)))
                        .hasSize(1));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(api.get("/api/v1/trips/stats", carol.token())
                                .json()
                                .get("total_trips")
                                .asLong())
                        .isEqualTo(1));
    }

    @Test
    void theRelaysBacklogCountsTheEventsWaitingForKafkaAndFallsToZeroOnceTheyAreRelayed() {
        Account dave = accounts.newUser();
        // what registering wrote is relayed first
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(backlog()).isZero());
        outboxRelay.stop();
        try {
            for (String destination : new String[] {"Bergen, Norway", "Tromsø, Norway"}) {
                HttpApi.Response created = api.post("/api/v1/trips", Accounts.trip(destination), dave.token());
                assertThat(created.status()).as(created.toString()).isEqualTo(201);
            }

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() ->
                            assertThat(backlog()).as("two TripCreated waiting").isEqualTo(2));
        } finally {
            outboxRelay.start();
        }

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(backlog()).isZero());
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(TopicReader.events(
                                corner.endpoints(),
                                corner.topic("trips"),
                                TripEvent.class,
                                e -> e.getTrip() != null
                                        && e.getTrip()
                                                .getUserId()
                                                .toString()
                                                .equals(dave.id().toString())))
                        .hasSize(2));
    }

    @Test
    void theRelaysChangeEventsCarryNoKeySoDebeziumFormatsNoneForItsMetrics() throws JMException {
        Account erin = accounts.newUser();

        HttpApi.Response created = api.post("/api/v1/trips", Accounts.trip("Porto, Portugal"), erin.token());

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        // Debezium's streaming metrics describe the last change event they counted: its position, and its
        // key if it has one (a primary key or unique index on the outbox would make one, on every event)
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(lastStreamedEvents()).isNotEmpty());
        assertThat(lastStreamedEvents())
                .allSatisfy(event -> assertThat(event).contains("position:").doesNotContain("key:"));
    }

    /** The LastEvent attribute of every Debezium PostgreSQL streaming metrics MBean in this JVM. */
    private static List<String> lastStreamedEvents() throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<String> events = new ArrayList<>();
        for (ObjectName name : server.queryNames(
                new ObjectName("debezium.postgres:type=connector-metrics,context=streaming,*"), null)) {
            if (server.getAttribute(name, "LastEvent") instanceof String event) {
                events.add(event);
            }
        }
        return events;
    }

    /** The gauge /actuator/prometheus shows as travya_relay_backlog_events. */
    private double backlog() {
        return meters.get("travya.relay.backlog").gauge().value();
    }

    @Test
    void theTripsSubjectIsFullTransitiveSoTheRegistryRefusesDroppingAFieldConsumersRead() throws Exception {
        String subject = corner.topic("trips") + "-value";

        HttpResponse<String> config = registry("GET", "/config/" + subject, null);
        assertThat(config.statusCode()).as(config.body()).isEqualTo(200);
        assertThat(json.readTree(config.body()).get("compatibilityLevel").asString())
                .isEqualTo("FULL_TRANSITIVE");

        // what a careless producer might try: a consumer still reading aggregate_version could not
        // decode its records
        ObjectNode withoutVersion =
                (ObjectNode) json.readTree(TripEvent.getClassSchema().toString());
        ArrayNode fields = (ArrayNode) withoutVersion.get("fields");
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).get("name").asString().equals("aggregate_version")) {
                fields.remove(i);
                break;
            }
        }
        HttpResponse<String> refused = registry(
                "POST",
                "/subjects/" + subject + "/versions",
                json.writeValueAsString(Map.of("schemaType", "AVRO", "schema", withoutVersion.toString())));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    }

    /** A request to the registry as its administrator: even they cannot register a breaking change. */
    private HttpResponse<String> registry(String method, String path, String body)
            throws IOException, InterruptedException {
        String administrator = corner.endpoints().registryAdminUser() + ":"
                + corner.endpoints().registryAdminPassword();
        return corner.endpoints()
                .registryHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(corner.endpoints().registryUrl() + "/apis/ccompat/v7" + path))
                                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + java.util.Base64.getEncoder()
                                                        .encodeToString(administrator.getBytes(
                                                                java.nio.charset.StandardCharsets.UTF_8)))
                                .method(
                                        method,
                                        body == null
                                                ? HttpRequest.BodyPublishers.noBody()
                                                : HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private String registrySchema(int id) throws IOException, InterruptedException {
        HttpResponse<String> response = corner.endpoints()
                .registryHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        corner.endpoints().registryUrl() + "/apis/ccompat/v7/schemas/ids/" + id))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonMapper.builder()
                .build()
                .readTree(response.body())
                .get("schema")
                .asString();
    }
}
