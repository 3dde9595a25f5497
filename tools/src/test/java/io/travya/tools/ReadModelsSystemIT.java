package io.travya.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TopicReader;
import io.travya.platform.web.ExpectedTripVersion;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * The three services together, under a randomised workload across several users: trips created,
 * changed, moved between statuses and deleted; itineraries; collaborators; bookings confirmed,
 * cancelled, refunded and deleted; conversations with the assistant answering. Then every event is
 * delivered again, some of them out of order. The read models must equal the figures aggregated in
 * SQL from the three databases, and a rebuild from the topics must yield the same. Then another
 * team's consumer, the example in examples/analytics-consumer, must decode every record on every topic.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ReadModelsSystemIT {

    private static final List<String> CURRENCIES = List.of("EUR", "USD", "JPY");

    @Test
    void
            readModelsEqualTheSqlAggregatesAfterARandomisedWorkloadWithRedeliveriesAndAfterARebuildAndAStockConsumerDecodesEveryRecord()
                    throws Exception {
        long seed = Long.getLong("travya.seed", System.nanoTime());
        System.out.println("[system] workload seed " + seed + " (rerun with -Dtravya.seed=" + seed + ")");
        Random random = new Random(seed);
        try (ServiceStack stack = new ServiceStack(java.nio.file.Path.of(".."), java.nio.file.Path.of("target"))) {
            readModelsHoldAfterAWorkloadWithRedeliveriesAndARebuild(stack, random, 160);

            // the topics now hold events of every kind, redelivered ones too: an outside team reads them all
            AnalyticsExampleConsumer.decodesEveryRecordOnEveryTopicOf(stack.corner, stack.at);
        }
    }

    /**
     * The workload's actions, every event delivered again, then the operator's verification (0
     * differences), a rebuild (the same figures), and a verification that notices a tampered number.
     */
    static void readModelsHoldAfterAWorkloadWithRedeliveriesAndARebuild(ServiceStack stack, Random random, int actions)
            throws Exception {
        Workload workload = new Workload(stack, random);
        workload.run(actions);
        redeliver(stack, random);

        // the operator's tools, with the operator's Redis user (infra/redis/users.acl)
        ReadModelVerifier verifier = new ReadModelVerifier(stack.operatorSettings());
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    ReadModelVerifier.Report report = verifier.verify();
                    assertThat(report.differences()).isEmpty();
                    assertThat(report.trips()).isGreaterThan(0);
                });
        Map<String, JsonNode> statsBefore = workload.statistics();

        new ReadModelRebuild(stack.operatorSettings()).rebuild(Duration.ofMinutes(3));

        ReadModelVerifier.Report afterRebuild = verifier.verify();
        assertThat(afterRebuild.differences()).isEmpty();
        assertThat(workload.statistics()).isEqualTo(statsBefore);

        // and the verification itself notices a number that is wrong
        String statsKey = workload.tamperWithAStatistic();
        assertThat(verifier.verify().differences()).anyMatch(difference -> difference.startsWith(statsKey));
    }

    /** Every event on the three topics published again, in shuffled order: duplicates and late arrivals. */
    static void redeliver(ServiceStack stack, Random random) throws Exception {
        List<ProducerRecord<String, byte[]>> again = new ArrayList<>();
        for (String topic : List.of("trips", "bookings", "conversations")) {
            for (ConsumerRecord<String, byte[]> record :
                    TopicReader.rawRecords(stack.at, stack.corner + "." + topic, Duration.ofSeconds(20))) {
                again.add(new ProducerRecord<>(record.topic(), record.key(), record.value()));
            }
        }
        java.util.Collections.shuffle(again, random);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(stack.settings()
                .kafkaWith(Map.of(
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)))) {
            for (ProducerRecord<String, byte[]> record : again) {
                producer.send(record);
            }
            producer.flush();
        }
        System.out.println("[system] published " + again.size() + " events a second time, shuffled");
    }

    /** Random actions through the three APIs, each one valid for the state the workload has seen. */
    static final class Workload {

        private final ServiceStack stack;
        private final Random random;
        private final HttpApi trips;
        private final HttpApi bookings;
        private final HttpApi conversations;
        private final List<User> users = new ArrayList<>();
        private final List<Trip> live = new ArrayList<>();

        record User(UUID id, String token) {}

        static final class Trip {
            final UUID id;
            final User owner;
            final List<User> members = new ArrayList<>();
            final List<UUID> bookings = new ArrayList<>();
            final List<UUID> conversations = new ArrayList<>();
            final List<UUID> items = new ArrayList<>();
            String status = "planned";
            /** The trip's version trip-service answered its creation with, as a client would keep it. */
            final Map<String, String> version;

            Trip(UUID id, User owner, long version) {
                this.id = id;
                this.owner = owner;
                // booking- and conversation-service wait for their replica to know the trip this new
                this.version = Map.of(ExpectedTripVersion.HEADER, Long.toString(version));
            }
        }

        Workload(ServiceStack stack, Random random) {
            this.stack = stack;
            this.random = random;
            this.trips = stack.api("trip-service");
            this.bookings = stack.api("booking-service");
            this.conversations = stack.api("conversation-service");
        }

        void run(int actions) {
            for (int i = 0; i < 4; i++) {
                users.add(register("user" + i + stack.corner));
            }
            for (int i = 0; i < actions; i++) {
                if (live.size() < 3 || random.nextInt(10) == 0) {
                    createTrip();
                    continue;
                }
                Trip trip = live.get(random.nextInt(live.size()));
                switch (random.nextInt(9)) {
                    case 0 -> changeTrip(trip);
                    case 1 -> moveStatus(trip);
                    case 2 -> itinerary(trip);
                    case 3 -> collaborate(trip);
                    case 4, 5 -> book(trip);
                    case 6 -> changeBooking(trip);
                    case 7 -> converse(trip);
                    default -> {
                        if (random.nextInt(4) == 0) {
                            delete(trip);
                        } else {
                            book(trip);
                        }
                    }
                }
            }
        }

        /** Adds one to a user's total_trips behind the projection's back; returns the hash's name. */
        String tamperWithAStatistic() {
            try (Settings.ReadModelStore store = stack.settings().readModelStore()) {
                var redis = store.redis();
                String generation = redis.get(stack.corner + ":rm:current");
                String key = "stats:" + users.get(0).id();
                // the statistics key in the user's hash slot (trip-service's ReadModelKeys)
                redis.hincrby(
                        stack.corner + ":rm:" + generation + ":stats:{u:"
                                + users.get(0).id() + "}",
                        "total_trips",
                        1);
                return key;
            }
        }

        Map<String, JsonNode> statistics() {
            Map<String, JsonNode> stats = new HashMap<>();
            for (User user : users) {
                HttpApi.Response response = trips.get("/api/v1/trips/stats", user.token());
                assertThat(response.status()).as(response.toString()).isEqualTo(200);
                stats.put(user.id().toString(), response.json());
            }
            return stats;
        }

        User register(String name) {
            ok(trips.post(
                    "/api/v1/auth/register",
                    Map.of("email", name + "@example.com", "username", name, "password", "long enough pw"),
                    null));
            JsonNode tokens = ok(trips.post(
                            "/api/v1/auth/login", Map.of("username", name, "password", "long enough pw"), null))
                    .json();
            String token = tokens.get("access_token").asString();
            return new User(
                    UUID.fromString(ok(trips.get("/api/v1/users/me", token))
                            .json()
                            .get("id")
                            .asString()),
                    token);
        }

        private void createTrip() {
            User owner = users.get(random.nextInt(users.size()));
            LocalDate start = LocalDate.now().plusDays(random.nextInt(400) - 30);
            Map<String, Object> body = new HashMap<>();
            body.put("title", "Trip " + random.nextInt(1000));
            body.put("destination", List.of("Lisbon", "Kyoto", "Oslo", "Lima").get(random.nextInt(4)));
            body.put("start_date", start.toString());
            body.put("end_date", start.plusDays(1 + random.nextInt(14)).toString());
            body.put(
                    "trip_type",
                    List.of("leisure", "business", "adventure", "family", "solo")
                            .get(random.nextInt(5)));
            if (random.nextBoolean()) {
                body.put("budget", random.nextInt(500000) / 100.0);
            }
            JsonNode created =
                    ok(trips.post("/api/v1/trips", body, owner.token())).json();
            live.add(new Trip(
                    UUID.fromString(created.get("id").asString()),
                    owner,
                    created.get("version").asLong()));
        }

        private void changeTrip(Trip trip) {
            Map<String, Object> change = new HashMap<>();
            change.put("title", "Renamed " + random.nextInt(1000));
            change.put("budget", random.nextBoolean() ? null : random.nextInt(800000) / 100.0);
            ok(trips.patch("/api/v1/trips/" + trip.id, change, writer(trip).token()));
        }

        private void moveStatus(Trip trip) {
            String next = switch (trip.status) {
                case "planned" -> random.nextBoolean() ? "in_progress" : "cancelled";
                case "in_progress" -> random.nextBoolean() ? "completed" : "cancelled";
                default -> null;
            };
            if (next != null) {
                ok(trips.patch(
                        "/api/v1/trips/" + trip.id,
                        Map.of("status", next),
                        writer(trip).token()));
                trip.status = next;
            }
        }

        private void itinerary(Trip trip) {
            if (!trip.items.isEmpty() && random.nextInt(3) == 0) {
                UUID item = trip.items.remove(random.nextInt(trip.items.size()));
                ok(trips.delete(
                        "/api/v1/trips/" + trip.id + "/itineraries/" + item,
                        writer(trip).token()));
                return;
            }
            JsonNode added = ok(trips.post(
                            "/api/v1/trips/" + trip.id + "/itineraries",
                            Map.of("day", 1 + random.nextInt(2), "title", "Visit " + random.nextInt(100)),
                            writer(trip).token()))
                    .json();
            trip.items.add(UUID.fromString(added.get("id").asString()));
        }

        private void collaborate(Trip trip) {
            List<User> others = new ArrayList<>(users);
            others.remove(trip.owner);
            others.removeAll(trip.members);
            if (others.isEmpty() || (!trip.members.isEmpty() && random.nextInt(3) == 0)) {
                if (!trip.members.isEmpty()) {
                    User leaving = trip.members.remove(random.nextInt(trip.members.size()));
                    JsonNode list = ok(trips.get("/api/v1/trips/" + trip.id + "/collaborators", trip.owner.token()))
                            .json();
                    for (JsonNode collaborator : list.get("data")) {
                        if (collaborator
                                .get("user_id")
                                .asString()
                                .equals(leaving.id().toString())) {
                            ok(trips.delete(
                                    "/api/v1/trips/" + trip.id + "/collaborators/"
                                            + collaborator.get("id").asString(),
                                    trip.owner.token()));
                        }
                    }
                }
                return;
            }
            User invitee = others.get(random.nextInt(others.size()));
            JsonNode invited = ok(trips.post(
                            "/api/v1/trips/" + trip.id + "/collaborators",
                            Map.of("username", username(invitee), "role", random.nextBoolean() ? "editor" : "viewer"),
                            trip.owner.token()))
                    .json();
            ok(trips.post(
                    "/api/v1/trips/" + trip.id + "/collaborators/"
                            + invited.get("id").asString() + "/accept",
                    null,
                    invitee.token()));
            trip.members.add(invitee);
        }

        private void book(Trip trip) {
            Map<String, Object> body = new HashMap<>();
            body.put("trip_id", trip.id.toString());
            body.put("booking_type", List.of("hotel", "flight", "train").get(random.nextInt(3)));
            body.put("provider", "Provider " + random.nextInt(50));
            body.put("confirmation_number", "C" + random.nextInt(1_000_000));
            body.put("amount", random.nextInt(200000) / 100.0);
            body.put("currency", CURRENCIES.get(random.nextInt(CURRENCIES.size())));
            body.put("booking_date", LocalDate.now().toString());
            body.put("travel_date", LocalDate.now().plusDays(30).toString());
            body.put("status", random.nextBoolean() ? "pending" : "confirmed");
            JsonNode created = ok(bookings.send(
                            "POST", "/api/v1/bookings", body, writer(trip).token(), trip.version))
                    .json();
            trip.bookings.add(UUID.fromString(created.get("id").asString()));
        }

        private void changeBooking(Trip trip) {
            if (trip.bookings.isEmpty()) {
                book(trip);
                return;
            }
            UUID booking = trip.bookings.get(random.nextInt(trip.bookings.size()));
            String token = writer(trip).token();
            String status = ok(bookings.get("/api/v1/bookings/" + booking, token))
                    .json()
                    .get("status")
                    .asString();
            switch (random.nextInt(4)) {
                case 0 -> {
                    ok(bookings.delete("/api/v1/bookings/" + booking, token));
                    trip.bookings.remove(booking);
                }
                case 1 ->
                    ok(bookings.patch(
                            "/api/v1/bookings/" + booking, Map.of("amount", random.nextInt(90000) / 100.0), token));
                default -> {
                    String action = switch (status) {
                        case "pending" -> random.nextBoolean() ? "confirm" : "cancel";
                        case "confirmed" -> "cancel";
                        case "cancelled" -> "refund";
                        default -> null;
                    };
                    if (action != null) {
                        ok(bookings.post("/api/v1/bookings/" + booking + "/" + action, null, token));
                    }
                }
            }
        }

        private void converse(Trip trip) {
            String token = writer(trip).token();
            if (trip.conversations.isEmpty() || random.nextInt(3) == 0) {
                JsonNode started = ok(conversations.send(
                                "POST",
                                "/api/v1/conversations",
                                Map.of("trip_id", trip.id.toString(), "title", "Chat " + random.nextInt(100)),
                                token,
                                trip.version))
                        .json();
                trip.conversations.add(UUID.fromString(started.get("id").asString()));
            }
            UUID conversation = trip.conversations.get(random.nextInt(trip.conversations.size()));
            ok(conversations.post(
                    "/api/v1/conversations/" + conversation + "/messages",
                    Map.of("content", random.nextBoolean() ? "What is left of the budget?" : "What is on day 1?"),
                    token));
        }

        private void delete(Trip trip) {
            ok(trips.delete("/api/v1/trips/" + trip.id, trip.owner.token()));
            live.remove(trip);
        }

        /** The owner or an editor (the workload accepts both roles; editors write too). */
        private User writer(Trip trip) {
            return trip.owner;
        }

        private String username(User user) {
            return ok(trips.get("/api/v1/users/me", user.token()))
                    .json()
                    .get("username")
                    .asString();
        }

        private static HttpApi.Response ok(HttpApi.Response response) {
            assertThat(response.status()).as(response.toString()).isBetween(200, 299);
            return response;
        }
    }
}
