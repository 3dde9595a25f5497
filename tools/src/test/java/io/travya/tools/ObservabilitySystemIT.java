package io.travya.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TopicReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an operator sees of the three packaged services behind the packaged gateway: one request's
 * trace id in the gateway's log line of it, on the Kafka records it caused and in the log lines of
 * every service that handled them (the assistant's reply included), and dashboard and alert
 * expressions that name only metrics the services publish, and each service's heap cap as its JVM options
 * set it.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ObservabilitySystemIT {

    private static final String PASSWORD = "long enough pw";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path PROMETHEUS_RULES = Path.of("..", "infra", "prometheus");
    private static final Path DASHBOARD = Path.of("..", "infra", "grafana", "travya.json");

    static ServiceStack stack;
    static HttpApi trips;
    static String token;

    @BeforeAll
    @Timeout(value = 30, unit = TimeUnit.MINUTES) // ServiceStack's own wait (travya.stack.ready-minutes) decides
    static void start() throws Exception {
        stack = ServiceStack.withGateway(
                Path.of(".."),
                Path.of("target"),
                List.of("trip-service", "booking-service", "conversation-service"),
                // the line each consumed record leaves, under its trace
                List.of("--logging.level.io.travya.platform.consumer.ConsumedRecords=DEBUG"),
                // the line each request leaves, naming its request id, under its trace
                "--logging.level.io.travya.gateway.requestid=DEBUG");
        trips = stack.api("trip-service");
        String name = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        assertThat(trips.post(
                                "/api/v1/auth/register",
                                Map.of("email", name + "@example.com", "username", name, "password", PASSWORD),
                                null)
                        .status())
                .isEqualTo(201);
        token = trips.post("/api/v1/auth/login", Map.of("username", name, "password", PASSWORD), null)
                .json()
                .get("access_token")
                .asString();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aRequestsTraceIdIsOnTheKafkaRecordItCausedAndInTheLogsOfTheGatewayAndEveryServiceThatHandledIt() {
        String traceId = newTraceId();
        HttpApi gateway = stack.gateway();
        // the gateway uses an instance once its readiness check has passed
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> gateway.get("/.well-known/jwks.json", null).status() == 200);

        HttpApi.Response created = gateway.send(
                "POST",
                "/api/v1/trips",
                trip(),
                token,
                Map.of("traceparent", traceparent(traceId), "X-Request-Id", "observed-" + traceId));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String tripId = created.json().get("id").asString();

        // the gateway's line of the request, under the client's trace
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(logLinesOfTrace(ServiceStack.GATEWAY, traceId))
                        .anySatisfy(line -> assertThat(line).contains("observed-" + traceId)));

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(recordsOfTrace(stack.corner + ".trips", traceId))
                        .as("records of trace " + traceId)
                        .anySatisfy(record -> assertThat(record.key()).isEqualTo(tripId)));
        // trip-service's read models, booking- and conversation-service's replicas of trip access
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(servicesThatLoggedARecordOf(traceId))
                        .containsExactlyInAnyOrder("trip-service", "booking-service", "conversation-service"));
    }

    @Test
    void theAssistantsReplyToAMessageIsInTheSameTraceAsTheMessagesPost() {
        String tripId =
                trips.post("/api/v1/trips", trip(), token).json().get("id").asString();
        HttpApi conversations = stack.api("conversation-service");
        // conversation-service learns of the trip from travya.trips
        String conversationId = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> conversations.post(
                                "/api/v1/conversations", Map.of("trip_id", tripId, "title", "Plans"), token),
                        response -> response.status() == 201)
                .json()
                .get("id")
                .asString();
        String traceId = newTraceId();

        HttpApi.Response posted = conversations.send(
                "POST",
                "/api/v1/conversations/" + conversationId + "/messages",
                Map.of("content", "What is on day 1?"),
                token,
                Map.of("traceparent", traceparent(traceId)));
        assertThat(posted.status()).as(posted.toString()).isEqualTo(201);

        // the user's message and the assistant's reply, both written under the POST's trace
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(recordsOfTrace(stack.corner + ".conversations", traceId))
                        .filteredOn(record -> "MessagePosted".equals(header(record, "event_type")))
                        .hasSize(2));
        assertThat(conversations
                        .get("/api/v1/conversations/" + conversationId + "/messages", token)
                        .json()
                        .get("data"))
                .hasSize(2);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(servicesThatLoggedARecordOf(traceId))
                        .contains("trip-service", "conversation-service"));
    }

    @Test
    void everyMetricTheDashboardAndTheRulesNameIsPublishedByTheServices() throws Exception {
        deadLetterOneRecord();
        Map<String, String> recorded =
                PromQl.recordingRules(Files.readString(PROMETHEUS_RULES.resolve("recording.yml")));
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : JSON.readTree(DASHBOARD.toFile()).get("panels")) {
            JsonNode targets = panel.get("targets");
            if (targets != null) {
                targets.forEach(target -> expressions.add(target.get("expr").asString()));
            }
        }
        expressions.addAll(PromQl.alertExpressions(Files.readString(PROMETHEUS_RULES.resolve("alerts.yml"))));
        expressions.addAll(recorded.values());
        assertThat(expressions).hasSizeGreaterThan(20);

        Set<String> named = new TreeSet<>();
        for (String expression : expressions) {
            named.addAll(PromQl.metricNames(expression, recorded));
        }
        // up is Prometheus's own, about each target
        named.remove("up");
        assertThat(named).hasSizeGreaterThan(10);
        // some appear only once their source has worked (a dead letter sent, a consumer's first fetches)
        Set<String> published = new HashSet<>();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            published.clear();
            for (String service : stack.ports.keySet()) {
                HttpApi.Response scraped = stack.management(service).get("/actuator/prometheus", null);
                assertThat(scraped.status()).isEqualTo(200);
                published.addAll(PromQl.sampleNames(scraped.text()));
            }
            assertThat(published).containsAll(named);
        });
    }

    @Test
    void eachServiceRunsWithTheHeapCapItsJvmOptionsGiveIt() throws IOException {
        Pattern heapMax =
                Pattern.compile("^jvm_memory_max_bytes\\{[^}]*area=\"heap\"[^}]*} (\\S+)$", Pattern.MULTILINE);
        for (String service : List.of("trip-service", "booking-service", "conversation-service")) {
            long cap = heapCap(service);
            // the serial collector's pools (eden, one survivor, tenured) add up to -Xmx less the other survivor
            double pools = heapMax.matcher(stack.management(service)
                            .get("/actuator/prometheus", null)
                            .text())
                    .results()
                    .mapToDouble(pool -> Double.parseDouble(pool.group(1)))
                    .sum();
            assertThat(pools).as(service).isBetween(0.85 * cap, (double) cap);
        }
        // booking- and conversation-service have their own, lower, cap (infra/jvm)
        assertThat(heapCap("booking-service")).isLessThan(heapCap("trip-service"));
    }

    /** The last -Xmx of infra/service.jvm and then the service's own infra/jvm/<service>.jvm, in bytes. */
    private static long heapCap(String service) throws IOException {
        Path infra = Path.of("..", "infra");
        long cap = 0;
        for (Path options :
                List.of(infra.resolve("service.jvm"), infra.resolve("jvm").resolve(service + ".jvm"))) {
            if (Files.exists(options)) {
                for (String option : Files.readAllLines(options)) {
                    if (option.startsWith("-Xmx") && option.endsWith("m")) {
                        cap = Long.parseLong(option.substring(4, option.length() - 1)) * 1024 * 1024;
                    }
                }
            }
        }
        assertThat(cap).as("-Xmx<n>m for " + service).isPositive();
        return cap;
    }

    @Test
    void healthTellsAnonymousCallersTheStatusOnlyAndTheProbesStayOpen() {
        for (String service : List.of("trip-service", "booking-service", "conversation-service")) {
            HttpApi management = stack.management(service);
            JsonNode health = management.get("/actuator/health", null).json();

            assertThat(health.get("status").asString()).as(service).isEqualTo("UP");
            assertThat(health.has("components")).as(service).isFalse();
            assertThat(health.has("details")).as(service).isFalse();
            assertThat(management.get("/actuator/health/liveness", null).status())
                    .isEqualTo(200);
            assertThat(management.get("/actuator/health/readiness", null).status())
                    .isEqualTo(200);
        }
    }

    /** A record no consumer can decode on the trips topic: every consumer of it dead-letters it. */
    private static void deadLetterOneRecord() {
        Map<String, Object> config = new LinkedHashMap<>(stack.at.kafkaAdmin());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(
                            stack.corner + ".trips",
                            UUID.randomUUID().toString(),
                            "not avro".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> trip() {
        return Map.of(
                "title", "Trip to Porto",
                "destination", "Porto",
                "start_date", "2027-05-01",
                "end_date", "2027-05-08",
                "trip_type", "leisure");
    }

    private static String newTraceId() {
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static String traceparent(String traceId) {
        byte[] span = new byte[8];
        ThreadLocalRandom.current().nextBytes(span);
        return "00-" + traceId + "-" + HexFormat.of().formatHex(span) + "-01";
    }

    private static List<ConsumerRecord<String, byte[]>> recordsOfTrace(String topic, String traceId) {
        return TopicReader.rawRecords(stack.at, topic, Duration.ofSeconds(10)).stream()
                .filter(record -> {
                    String traceparent = header(record, "traceparent");
                    return traceparent != null && traceparent.startsWith("00-" + traceId + "-");
                })
                .toList();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The services with a JSON log line of a consumed record that carries the trace id. */
    private static Set<String> servicesThatLoggedARecordOf(String traceId) throws IOException {
        Set<String> services = new TreeSet<>();
        for (String service : stack.ports.keySet()) {
            if (logLinesOfTrace(service, traceId).stream().anyMatch(line -> line.contains("ConsumedRecords"))) {
                services.add(service);
            }
        }
        return services;
    }

    /** The JSON log lines of a process written under the trace. */
    private static List<String> logLinesOfTrace(String process, String traceId) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(stack.log(process))) {
            if (line.startsWith("{") && line.contains(traceId) && traceId.equals(traceIdOf(JSON.readTree(line)))) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String traceIdOf(JsonNode entry) {
        for (String path : List.of("/traceId", "/trace.id", "/trace/id")) {
            JsonNode value = entry.at(path);
            if (!value.isMissingNode()) {
                return value.asString();
            }
        }
        return null;
    }

    /** Just enough PromQL to find the metric names an expression reads. */
    static final class PromQl {

        private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);
        private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
        private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");

        static Set<String> sampleNames(String exposition) {
            Set<String> names = new HashSet<>();
            Matcher sample = SAMPLE.matcher(exposition);
            while (sample.find()) {
                names.add(sample.group(1));
            }
            return names;
        }

        /** The metric names an expression reads; a recording rule's name stands for its expression's. */
        static Set<String> metricNames(String expression, Map<String, String> recorded) {
            String bare = expression
                    .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"") // strings
                    .replaceAll("\\{[^}]*}", " ") // label matchers
                    .replaceAll("\\[[^]]*]", " ") // ranges
                    .replaceAll("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
            Set<String> names = new TreeSet<>();
            Matcher identifier = IDENTIFIER.matcher(bare);
            while (identifier.find()) {
                String name = identifier.group();
                int after = identifier.end();
                while (after < bare.length() && Character.isWhitespace(bare.charAt(after))) {
                    after++;
                }
                boolean function = after < bare.length() && bare.charAt(after) == '(';
                if (function
                        || KEYWORDS.contains(name.toLowerCase())
                        || bare.startsWith("\"", identifier.start() - 1)) {
                    continue;
                }
                if (recorded.containsKey(name)) {
                    names.addAll(metricNames(recorded.get(name), recorded));
                } else {
                    names.add(name);
                }
            }
            return names;
        }

        static Map<String, String> recordingRules(String yaml) {
            Map<String, String> rules = new LinkedHashMap<>();
            for (JsonNode rule : rules(yaml)) {
                if (rule.has("record")) {
                    rules.put(rule.get("record").asString(), rule.get("expr").asString());
                }
            }
            return rules;
        }

        static List<String> alertExpressions(String yaml) {
            List<String> expressions = new ArrayList<>();
            for (JsonNode rule : rules(yaml)) {
                if (rule.has("alert")) {
                    expressions.add(rule.get("expr").asString());
                }
            }
            return expressions;
        }

        @SuppressWarnings("unchecked")
        private static List<JsonNode> rules(String yaml) {
            Map<String, Object> document = new org.yaml.snakeyaml.Yaml().load(yaml);
            List<JsonNode> rules = new ArrayList<>();
            JSON.valueToTree(document)
                    .get("groups")
                    .forEach(group -> group.get("rules").forEach(rules::add));
            return rules;
        }
    }
}
