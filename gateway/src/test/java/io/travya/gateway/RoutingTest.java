package io.travya.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway in front of fake instances: two of trip-service plus one that is not running, one of
 * booking-service, and conversation-service with no instance up.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // JSON log lines as ./travya up writes them, with the line each request leaves
        properties = {"logging.structured.format.console=ecs", "logging.level.io.travya.gateway.requestid=DEBUG"})
@ExtendWith(OutputCaptureExtension.class)
class RoutingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final FakeService tripA = new FakeService("trip-a");
    static final FakeService tripB = new FakeService("trip-b");
    static final FakeService bookings = new FakeService("bookings");
    static final int closedPort = closedPort();

    @LocalServerPort
    int port;

    WebTestClient gateway;

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        String prefix = "spring.cloud.discovery.client.simple.instances.";
        register(registry, prefix + "trip-service[0]", tripA.uri(), tripA.port());
        register(registry, prefix + "trip-service[1]", tripB.uri(), tripB.port());
        register(registry, prefix + "trip-service[2]", "http://127.0.0.1:" + closedPort, closedPort);
        register(registry, prefix + "booking-service[0]", bookings.uri(), bookings.port());
        register(registry, prefix + "conversation-service[0]", "http://127.0.0.1:" + closedPort, closedPort);
        registry.add("management.server.port", () -> 0);
        registry.add("travya.gateway.rate-limits.enabled", () -> false);
        registry.add("travya.gateway.max-request-body", () -> "1KB");
        registry.add("travya.gateway.cors.allowed-origins", () -> "https://app.example.com");
    }

    private static void register(DynamicPropertyRegistry registry, String instance, String uri, int managementPort) {
        registry.add(instance + ".uri", () -> uri);
        registry.add(instance + ".metadata.management-port", () -> managementPort);
    }

    @BeforeEach
    void client() {
        gateway = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                // generous: a busy machine answers slowly, and no test here is about time
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        for (FakeService service : new FakeService[] {tripA, tripB, bookings}) {
            service.calls.clear();
            service.streams.clear();
            service.answer = call -> new FakeService.Answer(200, "{\"served_by\":\"" + service.name + "\"}");
            service.ready = true;
        }
    }

    @AfterAll
    static void stop() {
        tripA.close();
        tripB.close();
        bookings.close();
    }

    @Test
    void routesEachPathPrefixToItsService() {
        for (String path :
                new String[] {"/api/v1/auth/login", "/api/v1/users/me", "/api/v1/trips", "/.well-known/jwks.json"}) {
            gateway.get()
                    .uri(path)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.served_by")
                    .value(by -> assertThat((String) by).startsWith("trip-"));
        }
        gateway.get()
                .uri("/api/v1/bookings/42")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.served_by")
                .isEqualTo("bookings");
        assertThat(bookings.calls).extracting(FakeService.Call::path).containsExactly("/api/v1/bookings/42");
    }

    @Test
    void balancesOverEveryRunningInstanceAndSkipsTheOneThatIsDown() {
        assertThat(servedBy(12)).containsExactlyInAnyOrder("trip-a", "trip-b");
    }

    @Test
    void stopsSendingToAnInstanceThatIsNoLongerReadyAndSendsToItAgainOnceItIsReady() {
        tripB.ready = false;
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> servedBy(12).equals(Set.of("trip-a")));

        tripB.ready = true;
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> servedBy(4).contains("trip-b"));
    }

    /** Which instances answered {@code calls} GETs of trips in a row. */
    private Set<String> servedBy(int calls) {
        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < calls; i++) {
            gateway.get()
                    .uri("/api/v1/trips")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.served_by")
                    .value(by -> servedBy.add((String) by));
        }
        return servedBy;
    }

    @Test
    void answers503ProblemJsonWhenNoInstanceOfTheServiceIsUp() {
        gateway.get()
                .uri("/api/v1/conversations")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(503)
                .jsonPath("$.type")
                .isEqualTo("https://travya.io/problems/service-unavailable");
    }

    @Test
    void answers404ProblemJsonForAPathNoServiceOwns() {
        gateway.get()
                .uri("/api/v2/anything")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(404)
                .jsonPath("$.instance")
                .isEqualTo("/api/v2/anything");
    }

    @Test
    void retriesAnIdempotentCallThatAnInstanceAnsweredUnavailableButNeverAPost() {
        tripA.answer = call -> new FakeService.Answer(503, "{}");
        tripB.answer = call -> new FakeService.Answer(503, "{}");

        gateway.get().uri("/api/v1/trips").exchange().expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(tripA.calls.size() + tripB.calls.size())
                .as("GET: the first attempt and two retries")
                .isEqualTo(3);

        tripA.calls.clear();
        tripB.calls.clear();
        gateway.post()
                .uri("/api/v1/trips")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"title\":\"x\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(tripA.calls.size() + tripB.calls.size())
                .as("POST: reached an instance, so sent once")
                .isEqualTo(1);
    }

    @Test
    void keepsAValidRequestIdAndContinuesTheClientsTraceInASpanOfItsOwnPassedToTheService(CapturedOutput output) {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String clientSpanId = "00f067aa0ba902b7";
        gateway.get()
                .uri("/api/v1/bookings")
                .header("X-Request-Id", "client-id-1")
                .header("traceparent", "00-" + traceId + "-" + clientSpanId + "-01")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-Request-Id", "client-id-1");

        FakeService.Call call = bookings.calls.get(0);
        assertThat(call.header("X-Request-Id")).isEqualTo("client-id-1");
        // same trace, sampled as the client asked; the parent is the gateway's span, not the client's
        assertThat(call.header("traceparent"))
                .matches("00-" + traceId + "-[0-9a-f]{16}-01")
                .doesNotContain(clientSpanId);
        // the gateway's line of the request: ECS JSON, under the trace, naming the request id
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(jsonLogLines(output)).anySatisfy(line -> {
                    assertThat(traceIdOf(line)).isEqualTo(traceId);
                    assertThat(line.path("message").asString()).contains("client-id-1");
                }));
    }

    @Test
    void startsATraceForARequestWithoutOneAndPassesItToTheService(CapturedOutput output) {
        gateway.get()
                .uri("/api/v1/bookings")
                .header("X-Request-Id", "untraced-1")
                .exchange()
                .expectStatus()
                .isOk();

        String traceparent = bookings.calls.get(0).header("traceparent");
        assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        String traceId = traceparent.substring(3, 35);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(jsonLogLines(output)).anySatisfy(line -> {
                    assertThat(traceIdOf(line)).isEqualTo(traceId);
                    assertThat(line.path("message").asString()).contains("untraced-1");
                }));
    }

    @Test
    void replacesAnInvalidRequestIdAndGivesOneToARequestWithout() {
        String replaced = gateway.get()
                .uri("/api/v1/bookings")
                .header("X-Request-Id", "no spaces; or <tags>")
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseHeaders()
                .getFirst("X-Request-Id");
        String generated = gateway.get()
                .uri("/api/v1/bookings")
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseHeaders()
                .getFirst("X-Request-Id");

        assertThat(replaced).matches("[0-9a-f-]{36}");
        assertThat(generated).matches("[0-9a-f-]{36}").isNotEqualTo(replaced);
        assertThat(bookings.calls)
                .extracting(call -> call.header("X-Request-Id"))
                .containsExactly(replaced, generated);
    }

    @Test
    void theGatewaysOwnErrorsCarryTheRequestIdToo() {
        gateway.get()
                .uri("/api/v1/conversations")
                .header("X-Request-Id", "failing-1")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader()
                .valueEquals("X-Request-Id", "failing-1");
    }

    @Test
    void refusesABodyOverTheCapWith413ProblemJsonWithoutSendingIt() {
        gateway.post()
                .uri("/api/v1/trips")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"title\":\"" + "x".repeat(2000) + "\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(413);
        assertThat(tripA.calls).isEmpty();
        assertThat(tripB.calls).isEmpty();
    }

    @Test
    void passesABodyUnderTheCapUnchanged() {
        String body = "{\"title\":\"" + "x".repeat(900) + "\"}";
        gateway.post()
                .uri("/api/v1/bookings")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(bookings.calls.get(0).body()).isEqualTo(body);
    }

    @Test
    void grantsAPreflightFromAConfiguredOriginAndRefusesOthersWithProblemJson() {
        gateway.options()
                .uri("/api/v1/trips")
                .header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "POST")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("Access-Control-Allow-Origin", "https://app.example.com");
        gateway.options()
                .uri("/api/v1/trips")
                .header("Origin", "https://elsewhere.example.com")
                .header("Access-Control-Request-Method", "POST")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .doesNotExist("Access-Control-Allow-Origin");
        gateway.get()
                .uri("/api/v1/bookings")
                .header("Origin", "https://elsewhere.example.com")
                .exchange()
                .expectStatus()
                .isForbidden();
        assertThat(tripA.calls).isEmpty();
        assertThat(bookings.calls).isEmpty();
    }

    @Test
    void servesOneSwaggerUiListingTheThreeServicesDocumentsFetchedThroughTheGateway() {
        gateway.get()
                .uri("/v3/api-docs/swagger-config")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.urls[?(@.name=='trip-service')].url")
                .isEqualTo("/api-docs/trip-service")
                .jsonPath("$.urls[?(@.name=='booking-service')].url")
                .isEqualTo("/api-docs/booking-service")
                .jsonPath("$.urls[?(@.name=='conversation-service')].url")
                .isEqualTo("/api-docs/conversation-service");
        gateway.get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk();
        gateway.get().uri("/api-docs/booking-service").exchange().expectStatus().isOk();
        assertThat(bookings.calls).extracting(FakeService.Call::path).containsExactly("/v3/api-docs");
    }

    @Test
    void passesAnEventStreamOnAsTheServiceWritesItWithoutWaitingForItsEnd() {
        CountDownLatch firstArrived = new CountDownLatch(1);
        bookings.streams.put("/api/v1/bookings/stream", body -> {
            body.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
            body.flush();
            // the second event only once the client has the first: a gateway that buffered the
            // stream would deliver nothing until the end, and the client would see "late"
            boolean passedOn = firstArrived.await(20, TimeUnit.SECONDS);
            body.write(("data: " + (passedOn ? "second" : "late") + "\n\n").getBytes(StandardCharsets.UTF_8));
            body.flush();
        });
        Iterator<String> events = gateway.get()
                .uri("/api/v1/bookings/stream")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseBody()
                .toIterable()
                .iterator();

        assertThat(events.next()).isEqualTo("first");
        firstArrived.countDown();
        assertThat(events.next()).isEqualTo("second");
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> jsonLogLines(CapturedOutput output) {
        return output.getOut()
                .lines()
                .filter(line -> line.startsWith("{"))
                .map(JSON::readTree)
                .toList();
    }

    private static String traceIdOf(JsonNode line) {
        for (String path : List.of("/traceId", "/trace.id", "/trace/id")) {
            JsonNode value = line.at(path);
            if (!value.isMissingNode()) {
                return value.asString();
            }
        }
        return null;
    }
}
