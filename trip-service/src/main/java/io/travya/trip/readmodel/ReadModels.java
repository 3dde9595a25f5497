package io.travya.trip.readmodel;

import io.travya.platform.web.ApiException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the statistics and the overview: the generation served (one GET), then one Lua script each
 * over the user's or the trip's keys (one hash slot), constant work whatever a user's history. A
 * generation that is still being built, or was built in an older key layout, is not read from: the
 * answer is 503 with Retry-After, never numbers that are not complete.
 */
@Component
class ReadModels {

    private static final RedisScript<List> STATISTICS =
            RedisScript.of(new ClassPathResource("readmodel/read-statistics.lua"), List.class);
    private static final RedisScript<List> OVERVIEW =
            RedisScript.of(new ClassPathResource("readmodel/read-overview.lua"), List.class);
    private static final String[] STATUSES = {"planned", "in_progress", "completed", "cancelled"};
    private static final String[] TYPES = {"leisure", "business", "adventure", "family", "solo"};

    private final StringRedisTemplate redis;
    private final ReadModelKeys keys;
    private final JsonMapper json;
    private final Clock clock;
    // generations seen complete: a generation, once ready, stays ready until it is retired
    private final Set<String> ready = ConcurrentHashMap.newKeySet();

    ReadModels(StringRedisTemplate redis, ReadModelKeys keys, JsonMapper json, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.json = json;
        this.clock = clock;
    }

    TripStatistics statistics(UUID userId) {
        String p = keys.of(servedGeneration());
        List<?> result = redis.execute(
                STATISTICS,
                List.of(
                        ReadModelKeys.ofUser(p, "stats", userId),
                        ReadModelKeys.ofUser(p, "upcoming", userId),
                        ReadModelKeys.ofUser(p, "upinfo", userId)),
                Long.toString(LocalDate.now(clock).toEpochDay()));
        Map<String, String> stats = pairs((List<?>) result.get(0));
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (String status : STATUSES) {
            byStatus.put(status, number(stats.get("status:" + status)));
        }
        Map<String, Long> byType = new LinkedHashMap<>();
        for (String type : TYPES) {
            byType.put(type, number(stats.get("type:" + type)));
        }
        Map<String, BigDecimal> bookingsTotal = new TreeMap<>();
        stats.forEach((field, value) -> {
            if (field.startsWith("bookings:sum:") && number(value) != 0) {
                bookingsTotal.put(field.substring("bookings:sum:".length()), money(value));
            }
        });
        List<?> upcoming = (List<?>) result.get(1);
        List<TripStatistics.UpcomingTrip> next = new ArrayList<>();
        for (int i = 0; i + 5 < upcoming.size(); i += 6) {
            next.add(new TripStatistics.UpcomingTrip(
                    UUID.fromString((String) upcoming.get(i)),
                    (String) upcoming.get(i + 1),
                    (String) upcoming.get(i + 2),
                    LocalDate.parse((String) upcoming.get(i + 3)),
                    LocalDate.parse((String) upcoming.get(i + 4))));
        }
        return new TripStatistics(
                number(stats.get("total_trips")),
                money(stats.get("budget_cents")),
                byStatus,
                byType,
                next,
                number(stats.get("bookings:count")),
                bookingsTotal,
                number(stats.get("shared_with_me")));
    }

    /** The trip's overview, or empty if the read models do not hold (this version of) the trip yet. */
    java.util.Optional<TripOverview> overview(UUID tripId, long atLeastVersion) {
        String p = keys.of(servedGeneration());
        List<?> result = redis.execute(
                OVERVIEW,
                List.of(
                        ReadModelKeys.ofTrip(p, "trip", tripId),
                        ReadModelKeys.ofTrip(p, "itin", tripId),
                        ReadModelKeys.ofTrip(p, "itindays", tripId),
                        ReadModelKeys.ofTrip(p, "tb", tripId),
                        ReadModelKeys.ofTrip(p, "tc", tripId),
                        ReadModelKeys.ofTrip(p, "act", tripId)));
        Map<String, String> trip = pairs((List<?>) result.get(0));
        if (!"1".equals(trip.get("live")) || number(trip.get("version")) < atLeastVersion) {
            return java.util.Optional.empty();
        }
        JsonNode state = json.readTree(trip.get("state"));
        Map<String, String> bookingFigures = pairs((List<?>) result.get(3));
        Map<String, String> conversationFigures = pairs((List<?>) result.get(4));
        Map<String, BigDecimal> totals = new TreeMap<>();
        Map<String, TripOverview.StatusFigures> byStatus = new LinkedHashMap<>();
        for (String status : TripOverview.statuses()) {
            Map<String, BigDecimal> amounts = new TreeMap<>();
            bookingFigures.forEach((field, value) -> {
                String prefix = "sum:" + status + ":";
                if (field.startsWith(prefix) && number(value) != 0) {
                    amounts.put(field.substring(prefix.length()), money(value));
                }
            });
            byStatus.put(
                    status, new TripOverview.StatusFigures(number(bookingFigures.get("count:" + status)), amounts));
            if (status.equals("confirmed") || status.equals("pending")) {
                amounts.forEach((currency, amount) -> totals.merge(currency, amount, BigDecimal::add));
            }
        }
        long tripDays =
                ChronoUnit.DAYS.between(LocalDate.parse(trip.get("start")), LocalDate.parse(trip.get("end"))) + 1;
        Object activity = result.get(5);
        return java.util.Optional.of(new TripOverview(
                json.treeToValue(withoutCollaborators(state), TripOverview.Trip.class),
                new TripOverview.Itinerary(number(result.get(1)), number(result.get(2)), tripDays),
                List.of(json.treeToValue(state.get("collaborators"), TripOverview.Collaborator[].class)),
                new TripOverview.Bookings(number(bookingFigures.get("count")), totals, byStatus),
                budget(trip.get("budget"), totals),
                new TripOverview.Conversations(
                        number(conversationFigures.get("conversations")), number(conversationFigures.get("messages"))),
                activity instanceof String micros
                        ? Instant.EPOCH.plus(Long.parseLong(micros), ChronoUnit.MICROS)
                        : null));
    }

    private static TripOverview.Budget budget(String budgetCents, Map<String, BigDecimal> committed) {
        if (budgetCents == null || budgetCents.isEmpty()) {
            return new TripOverview.Budget(null, null, null, null, "the trip has no budget");
        }
        BigDecimal budget = money(budgetCents);
        if (committed.isEmpty()) {
            return new TripOverview.Budget(budget, null, BigDecimal.ZERO.setScale(2), budget, null);
        }
        if (committed.size() == 1) {
            var only = committed.entrySet().iterator().next();
            return new TripOverview.Budget(
                    budget, only.getKey(), only.getValue(), budget.subtract(only.getValue()), null);
        }
        return new TripOverview.Budget(
                budget, null, null, null, "bookings in several currencies; Travya does not convert them");
    }

    private JsonNode withoutCollaborators(JsonNode state) {
        var copy = state.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) copy).remove("collaborators");
        return copy;
    }

    /**
     * The generation served, if it is complete and in this key layout. Read before the keys, not in
     * the same script: they are in other hash slots. A switch in between leaves the keys of the
     * generation read in place until the replicas retire it, a second later at the earliest.
     */
    private String servedGeneration() {
        String generation = redis.opsForValue().get(keys.current());
        if (generation != null && ReadModelKeys.inThisLayout(generation)) {
            if (ready.contains(generation)) {
                return generation;
            }
            if (Boolean.TRUE.equals(redis.hasKey(keys.ready(generation)))) {
                ready.add(generation);
                return generation;
            }
        }
        throw new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The read models are being built from the event log; retry in a moment",
                List.of());
    }

    private static Map<String, String> pairs(List<?> flat) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
        }
        return map;
    }

    private static long number(Object value) {
        return value == null || value.toString().isEmpty() ? 0 : Long.parseLong(value.toString());
    }

    private static BigDecimal money(Object cents) {
        return BigDecimal.valueOf(number(cents), 2);
    }
}
