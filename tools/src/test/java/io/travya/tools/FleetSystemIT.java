package io.travya.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.events.TripEvent;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Two instances of every service behind the gateway, one fleet for the whole class (started once: six
 * services and a gateway take minutes on two cores). Every call a client makes goes through the
 * gateway; the test reaches an instance directly only to crash, stop or inspect it.
 */
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class FleetSystemIT {

    private static final int INSTANCES = 2;
    private static final String PASSWORD = "long enough pw";
    private static final List<String> SERVICES = List.of("trip-service", "booking-service", "conversation-service");
    /**
     * The rolling restart's clients: each of its six calls is sent again this long after its answer,
     * about 30 requests a second through the gateway when the machine is quiet.
     */
    private static final Duration STEADY_PAUSE = Duration.ofMillis(150);

    static ServiceStack fleet;
    static HttpApi gateway;

    @BeforeAll
    static void start() throws Exception {
        // the loads are one machine's clients, far above the limits meant for one person
        String[] unlimited = Stream.of(
                        "login-per-address",
                        "login-per-username",
                        "register-per-address",
                        "register-per-username",
                        "per-user",
                        "per-address")
                .map(limit -> "--travya.gateway.rate-limits." + limit + ".requests=100000")
                .toArray(String[]::new);
        fleet = ServiceStack.fleet(Path.of(".."), Path.of("target"), INSTANCES, unlimited);
        gateway = fleet.gateway();
    }

    @AfterAll
    static void stop() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
    }

    /** A test that failed half-way leaves no instance down for the next one. */
    @AfterEach
    void everyInstanceRunsAgain() {
        for (String service : SERVICES) {
            for (int i = 0; i < INSTANCES; i++) {
                if (!fleet.process(service, i).isAlive()) {
                    fleet.restart(service, i);
                }
            }
        }
    }

    @Test
    void whenTheRelayLeaderOfTripServiceIsKilledUnderLoadTheStandbyLeadsWithinFiveSecondsAndNoTripIsLostOrCountedTwice()
            throws Exception {
        // the leader's engine starts in the background, so it may still be starting when its instance is ready
        await().atMost(Duration.ofMinutes(1))
                .untilAsserted(() -> assertThat(relayLeaders("trip-service"))
                        .as("one relay leader")
                        .hasSize(1));
        List<String> users = Stream.generate(FleetSystemIT::register).limit(20).toList();
        Map<String, String> tokens = new ConcurrentHashMap<>();
        users.forEach(user -> tokens.put(user, login(user)));
        Set<String> created = ConcurrentHashMap.newKeySet();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> load = new ArrayList<>();
        for (int n = 0; n < 2000; n++) {
            String token = tokens.get(users.get(n % users.size()));
            load.add(clients.submit(() -> {
                try {
                    HttpApi.Response response = gateway.post("/api/v1/trips", trip("Load " + UUID.randomUUID()), token);
                    if (response.status() == 201) {
                        created.add(response.json().get("id").asString());
                    } else {
                        refused.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    refused.incrementAndGet();
                }
                answered.incrementAndGet();
            }));
        }
        await().atMost(Duration.ofMinutes(5)).until(() -> answered.get() >= 400);

        int leader = relayLeaders("trip-service").get(0);
        int standby = 1 - leader;
        long killedAt = System.nanoTime();
        fleet.kill("trip-service", leader);
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> relayRole("trip-service", standby).equals("leader"));
        Duration failover = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.printf(
                "FleetSystemIT: trip-service's relay failed over in %d ms (kill -9 of instance %d, instance %d leads; %d of 2000 trips answered when killed)%n",
                failover.toMillis(), leader, standby, answered.get());

        for (Future<?> request : load) {
            request.get(10, TimeUnit.MINUTES);
        }
        clients.shutdown();
        System.out.printf(
                "FleetSystemIT: %d trips answered 201, %d not (in flight on the killed instance)%n",
                created.size(), refused.get());
        fleet.restart("trip-service", leader);

        Set<String> userIds = new HashSet<>();
        tokens.values()
                .forEach(token -> userIds.add(
                        gateway.get("/api/v1/users/me", token).json().get("id").asString()));
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    List<TripEvent> onKafka = TopicReader.events(
                            fleet.at,
                            fleet.testCorner().topic("trips"),
                            TripEvent.class,
                            event -> userIds.contains(String.valueOf(event.getActorId())));
                    Set<String> tripsOnKafka = new HashSet<>();
                    onKafka.forEach(event -> tripsOnKafka.add(String.valueOf(event.getAggregateId())));
                    assertThat(tripsOnKafka)
                            .as("every trip answered 201 reaches Kafka")
                            .containsAll(created);
                    ReadModelChecks.countedOnceAndVerified(
                            gateway, tokens.values(), tripsOnKafka.size(), fleet.operatorSettings());
                });
        assertThat(relayLeaders("trip-service"))
                .as("one relay leader after the restart")
                .hasSize(1);
    }

    @Test
    void aRollingRestartOfEveryInstanceUnderSteadyReadsAndWritesFailsNoRequestAtTheClient() throws Exception {
        String user = register();
        String token = login(user);
        JsonNode trip = gateway.post("/api/v1/trips", trip("Rolling"), token).json();
        String tripId = trip.get("id").asString();
        Map<String, String> seen = seen(trip);
        String conversation = converse(trip, "Planning", token);

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger requests = new AtomicInteger();
        List<String> failures = new ArrayList<>();
        // an access token lasts 15 minutes and a rolling restart on a busy machine can take longer: the
        // client logs in again every 5 minutes, as a real one refreshes its token before it expires
        AtomicReference<String> current = new AtomicReference<>(token);
        ScheduledExecutorService renewal = Executors.newSingleThreadScheduledExecutor();
        renewal.scheduleAtFixedRate(
                () -> {
                    try {
                        current.set(login(user));
                    } catch (RuntimeException | AssertionError e) {
                        synchronized (failures) {
                            failures.add("login: " + e.getMessage());
                        }
                    }
                    requests.incrementAndGet();
                },
                5,
                5,
                TimeUnit.MINUTES);
        List<Runnable> calls = List.of(
                () -> expect(201, gateway.post("/api/v1/trips", trip("Steady"), current.get()), "POST trip"),
                () -> expect(200, gateway.get("/api/v1/trips/" + tripId, current.get()), "GET trip"),
                () -> expect(
                        201,
                        gateway.send("POST", "/api/v1/bookings", booking(tripId), current.get(), seen),
                        "POST booking"),
                () -> expect(200, gateway.get("/api/v1/bookings?trip_id=" + tripId, current.get()), "GET bookings"),
                () -> expect(
                        201,
                        gateway.post(
                                "/api/v1/conversations/" + conversation + "/messages",
                                Map.of("content", "Still there?"),
                                current.get()),
                        "POST message"),
                () -> expect(
                        200, gateway.get("/api/v1/conversations/" + conversation, current.get()), "GET conversation"));
        // each call again STEADY_PAUSE after its answer: a steady load, not one that takes every core
        // (requests as fast as answers come kept the machine so busy that each restarted instance took
        // five times its quiet start, most of this test's time)
        ScheduledExecutorService clients = Executors.newScheduledThreadPool(calls.size());
        for (Runnable call : calls) {
            clients.scheduleWithFixedDelay(
                    () -> {
                        if (!running.get()) {
                            return;
                        }
                        try {
                            call.run();
                        } catch (RuntimeException | AssertionError e) {
                            synchronized (failures) {
                                failures.add(e.getMessage());
                            }
                        }
                        requests.incrementAndGet();
                    },
                    0,
                    STEADY_PAUSE.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        List<String> back = new ArrayList<>();
        try {
            // each service rolls as a deployment of its own does, so the three roll at once: instance 0
            // of every service stops and starts again together, then instance 1 once the gateway sends
            // every restarted one requests; each service keeps one instance serving throughout
            for (int i = 0; i < INSTANCES; i++) {
                fleet.restartTogether(SERVICES, i);
                long readyAt = System.nanoTime();
                for (String service : SERVICES) {
                    awaitTrafficOn(service, i);
                    back.add("%s %d: sent requests %d ms after all %d were ready, ready %d ms after its start"
                            .formatted(
                                    service,
                                    i,
                                    Duration.ofNanos(System.nanoTime() - readyAt)
                                            .toMillis(),
                                    SERVICES.size(),
                                    fleet.readyAfter(service, i).toMillis()));
                }
            }
        } finally {
            running.set(false);
            renewal.shutdownNow();
            clients.shutdown();
            clients.awaitTermination(2, TimeUnit.MINUTES);
        }
        System.out.printf(
                "FleetSystemIT: rolling restart of %d instances: %d requests, %d failed at the client%s%n",
                SERVICES.size() * INSTANCES,
                requests.get(),
                failures.size(),
                failures.isEmpty() ? "" : ": " + failures);
        back.forEach(instance -> System.out.println("FleetSystemIT: rolling restart, " + instance));
        assertThat(failures).as("requests that failed at the client").isEmpty();
    }

    @Test
    void withEveryBookingServiceInstanceStoppedBookingsAnswer503AndTheRestWorksAndOnceBackNothingIsLost()
            throws Exception {
        String token = login(register());
        JsonNode before = gateway.post("/api/v1/trips", trip("Before"), token).json();
        String bookedBefore = book(before, token).json().get("id").asString();

        fleet.stopEveryInstance("booking-service");
        JsonNode whileDown;
        try {
            long askedAt = System.nanoTime();
            HttpApi.Response unavailable =
                    gateway.get("/api/v1/bookings?trip_id=" + before.get("id").asString(), token);
            System.out.printf(
                    "FleetSystemIT: bookings with no instance up answered %d in %d ms%n",
                    unavailable.status(),
                    Duration.ofNanos(System.nanoTime() - askedAt).toMillis());
            assertThat(unavailable.status()).isEqualTo(503);
            assertThat(unavailable.header("Content-Type")).contains("application/problem+json");

            HttpApi.Response created = gateway.post("/api/v1/trips", trip("While down"), token);
            assertThat(created.status()).as("trips keep working").isEqualTo(201);
            whileDown = created.json();
            String conversation = converse(whileDown, "Still planning", token);
            assertThat(gateway.post(
                                    "/api/v1/conversations/" + conversation + "/messages",
                                    Map.of("content", "Are bookings back?"),
                                    token)
                            .status())
                    .isEqualTo(201);
        } finally {
            fleet.restartEveryInstance("booking-service");
        }

        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(gateway.get("/api/v1/bookings/" + bookedBefore, token)
                                .status())
                        .as("the booking made before the stop")
                        .isEqualTo(200));
        // the trip created while booking-service was down reached its replica once it was back
        book(whileDown, token);
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> assertThat(relayLeaders("booking-service"))
                        .as("one relay leader again")
                        .hasSize(1));
    }

    @Test
    void aMessagePostedThroughOneConversationInstanceReachesAStreamOpenOnTheOther() throws Exception {
        String token = login(register());
        JsonNode trip = gateway.post("/api/v1/trips", trip("Streams"), token).json();
        String conversation = converse(trip, "Streams", token);
        String content = "Posted through instance 1 " + UUID.randomUUID();
        HttpRequest open = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + fleet.instancePorts.get("conversation-service").get(0) + "/api/v1/conversations/"
                        + conversation + "/stream"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .build();
        CountDownLatch received = new CountDownLatch(1);
        HttpResponse<Stream<String>> stream =
                HttpClient.newHttpClient().send(open, HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        try (Stream<String> lines = stream.body()) {
            Thread reader = new Thread(() ->
                    lines.filter(line -> line.contains(content)).findFirst().ifPresent(line -> received.countDown()));
            reader.setDaemon(true);
            reader.start();
            assertThat(fleet.api("conversation-service", 1)
                            .post(
                                    "/api/v1/conversations/" + conversation + "/messages",
                                    Map.of("content", content),
                                    token)
                            .status())
                    .isEqualTo(201);
            assertThat(received.await(30, TimeUnit.SECONDS))
                    .as("the stream on instance 0 got the message")
                    .isTrue();
        }
    }

    @Test
    void aTokenIssuedByOneTripServiceInstanceIsAcceptedByEveryInstanceOfEveryService() {
        String name = register();
        HttpApi.Response login = fleet.api("trip-service", 1)
                .post("/api/v1/auth/login", Map.of("username", name, "password", PASSWORD), null);
        assertThat(login.status()).isEqualTo(200);
        String token = login.json().get("access_token").asString();
        JsonNode trip = fleet.api("trip-service", 0)
                .post("/api/v1/trips", trip("Tokens"), token)
                .json();
        String tripId = trip.get("id").asString();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (int i = 0; i < INSTANCES; i++) {
                assertThat(fleet.api("trip-service", i)
                                .get("/api/v1/trips/" + tripId, token)
                                .status())
                        .as("trip-service " + i)
                        .isEqualTo(200);
                assertThat(fleet.api("booking-service", i)
                                .get("/api/v1/bookings?trip_id=" + tripId, token)
                                .status())
                        .as("booking-service " + i)
                        .isEqualTo(200);
                assertThat(fleet.api("conversation-service", i)
                                .get("/api/v1/conversations?trip_id=" + tripId, token)
                                .status())
                        .as("conversation-service " + i)
                        .isEqualTo(200);
            }
        });
        for (int i = 0; i < INSTANCES; i++) {
            assertThat(fleet.api("trip-service", i)
                            .get("/.well-known/jwks.json", null)
                            .text())
                    .as("every trip-service instance publishes the same keys")
                    .isEqualTo(fleet.api("trip-service", 0)
                            .get("/.well-known/jwks.json", null)
                            .text());
        }
    }

    /** The instances of a service whose outbox relay leads, by their gauge travya_relay_leader. */
    private static List<Integer> relayLeaders(String service) {
        List<Integer> leaders = new ArrayList<>();
        for (int i = 0; i < fleet.instances(service); i++) {
            if (relayRole(service, i).equals("leader")) {
                leaders.add(i);
            }
        }
        return leaders;
    }

    private static String relayRole(String service, int instance) {
        try {
            String metrics = fleet.management(service, instance)
                    .get("/actuator/prometheus", null)
                    .text();
            // health details are for administrators only; the gauge is public on the management port
            return metrics.lines()
                    .filter(line -> line.startsWith("travya_relay_leader"))
                    .findFirst()
                    .map(line -> line.endsWith(" 1.0") ? "leader" : "standby")
                    .orElse("unknown");
        } catch (RuntimeException notAnswering) {
            return "unreachable";
        }
    }

    /**
     * The gateway sends the restarted instance requests again before the next one stops: it has
     * answered a POST since it started (the load posts to every service), by its public
     * {@code http_server_requests_seconds_count} (actuator's metrics endpoint is for administrators).
     */
    private static void awaitTrafficOn(String service, int instance) {
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> fleet.management(service, instance)
                        .get("/actuator/prometheus", null)
                        .text()
                        .lines()
                        .filter(line -> line.startsWith("http_server_requests_seconds_count{"))
                        .filter(line -> line.contains("method=\"POST\""))
                        .anyMatch(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) > 0));
    }

    /**
     * Books for the trip as the client saw it. The replica of a trip just created may need longer than
     * the wait Travya-Trip-Version buys on a busy machine; the 404 it then answers has recorded nothing, so
     * the booking is simply asked again.
     */
    private static HttpApi.Response book(JsonNode trip, String token) {
        return createdOnceReplicated(() ->
                gateway.send("POST", "/api/v1/bookings", booking(trip.get("id").asString()), token, seen(trip)));
    }

    /** A conversation about the trip as the client saw it (see {@link #book}). */
    private static String converse(JsonNode trip, String title, String token) {
        return createdOnceReplicated(() -> gateway.send(
                        "POST",
                        "/api/v1/conversations",
                        Map.of("trip_id", trip.get("id").asString(), "title", title),
                        token,
                        seen(trip)))
                .json()
                .get("id")
                .asString();
    }

    /** The trip's version as its creator got it, for Travya-Trip-Version. */
    private static Map<String, String> seen(JsonNode trip) {
        return Map.of("Travya-Trip-Version", trip.get("version").asString());
    }

    /** Asks until the request creates (201); a 404 (the trip not yet in the service's replica) is asked again. */
    private static HttpApi.Response createdOnceReplicated(Callable<HttpApi.Response> request) {
        return await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(request, response -> {
                    assertThat(response.status())
                            .as("created, or not yet: the trip not yet replicated: " + response)
                            .isIn(201, 404);
                    return response.status() == 201;
                });
    }

    private static void expect(int status, HttpApi.Response response, String call) {
        if (response.status() != status) {
            throw new AssertionError(call + " answered " + response.status() + ": " + response.text());
        }
    }

    private static String register() {
        return SystemUsers.register(gateway, PASSWORD);
    }

    private static String login(String name) {
        HttpApi.Response login =
                gateway.post("/api/v1/auth/login", Map.of("username", name, "password", PASSWORD), null);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return login.json().get("access_token").asString();
    }

    private static Map<String, Object> trip(String title) {
        return Map.of(
                "title",
                title,
                "destination",
                "Lisbon",
                "start_date",
                "2027-05-01",
                "end_date",
                "2027-05-08",
                "budget",
                100,
                "trip_type",
                "leisure");
    }

    private static Map<String, Object> booking(String tripId) {
        return Map.of(
                "trip_id",
                tripId,
                "booking_type",
                "hotel",
                "provider",
                "Casa do Castelo",
                "confirmation_number",
                "CDC-" + UUID.randomUUID().toString().substring(0, 8),
                "amount",
                120,
                "currency",
                "EUR",
                "booking_date",
                "2027-01-05",
                "travel_date",
                "2027-05-01");
    }
}
