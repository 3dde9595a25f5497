package io.travya.tools;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares every read model in Redis with the same figures aggregated in SQL from the services'
 * databases (trips, bookings, conversations schemas), as an operator would: read-only, as the
 * administrative login (travya_admin, which may read every schema). The read models' key layout is trip-service's (see its ReadModelKeys).
 */
public final class ReadModelVerifier {

    /** What was compared, and every difference found. */
    public record Report(int users, int trips, List<String> differences) {
        public boolean clean() {
            return differences.isEmpty();
        }
    }

    private final Settings settings;
    private final JsonMapper json = JsonMapper.builder().build();

    public ReadModelVerifier(Settings settings) {
        this.settings = settings;
    }

    public Report verify() throws SQLException {
        try (Settings.ReadModelStore store = settings.readModelStore();
                Connection db =
                        DriverManager.getConnection(settings.jdbcUrl(), settings.pgUser(), settings.pgPassword())) {
            RedisClusterCommands<String, String> redis = store.redis();
            List<String> differences = new ArrayList<>();
            String root = settings.keyPrefix() + ":rm:";
            String generation = redis.get(root + "current");
            if (generation == null) {
                return new Report(0, 0, List.of("no read models: " + root + "current is not set"));
            }
            if (redis.exists(root + "ready:" + generation) == 0) {
                differences.add("generation " + generation + " is still being built (not ready)");
            }
            String p = root + generation + ":";
            Map<String, Map<String, String>> users = expectedUserStatistics(db);
            for (var user : users.entrySet()) {
                compare(
                        "stats:" + user.getKey(),
                        user.getValue(),
                        redis.hgetall(ofUser(p, "stats", user.getKey())),
                        differences);
            }
            Map<String, List<String>> upcoming = expectedUpcoming(db);
            for (String user : users.keySet()) {
                List<String> actual = redis.zrangebyscore(
                        ofUser(p, "upcoming", user),
                        io.lettuce.core.Range.create(
                                LocalDate.now(ZoneOffset.UTC).toEpochDay(), Double.POSITIVE_INFINITY),
                        io.lettuce.core.Limit.create(0, 5));
                List<String> expected = upcoming.getOrDefault(user, List.of());
                if (!expected.equals(actual)) {
                    differences.add("upcoming:" + user + " expected " + expected + " but Redis has " + actual);
                }
            }
            Map<String, Map<String, String>> trips = expectedTrips(db);
            for (var trip : trips.entrySet()) {
                verifyTrip(redis, p, trip.getKey(), trip.getValue(), differences);
            }
            long live = 0;
            for (String key : store.keys(p + "trip:*")) {
                if ("1".equals(redis.hget(key, "live"))) {
                    live++;
                }
            }
            if (live != trips.size()) {
                differences.add("Redis holds " + live + " live trips, the database " + trips.size());
            }
            return new Report(users.size(), trips.size(), differences);
        }
    }

    /**
     * A key of a user's hash slot in the generation whose keys start with {@code p}; {@link #ofTrip} of a
     * trip's (trip-service's ReadModelKeys: each key carries a hash tag, for Redis Cluster).
     */
    private static String ofUser(String p, String kind, String user) {
        return p + kind + ":{u:" + user + "}";
    }

    private static String ofTrip(String p, String kind, String trip) {
        return p + kind + ":{t:" + trip + "}";
    }

    private void verifyTrip(
            RedisClusterCommands<String, String> redis,
            String p,
            String trip,
            Map<String, String> expected,
            List<String> differences) {
        Map<String, String> actual = redis.hgetall(ofTrip(p, "trip", trip));
        for (String field : List.of("version", "owner", "status", "type", "budget", "title", "destination")) {
            if (!expected.get(field).equals(actual.getOrDefault(field, ""))) {
                differences.add("trip:" + trip + " " + field + " expected '" + expected.get(field) + "' but Redis has '"
                        + actual.get(field) + "'");
            }
        }
        if (!"1".equals(actual.get("live"))) {
            differences.add("trip:" + trip + " exists in the database but is not live in Redis");
        }
        if (actual.get("state") != null) {
            JsonNode state = json.readTree(actual.get("state"));
            Map<String, String> collaborators = new TreeMap<>();
            state.get("collaborators")
                    .forEach(c -> collaborators.put(
                            c.get("user_id").asString(),
                            c.get("role").asString() + "/" + c.get("status").asString()));
            if (!collaborators.toString().equals(expected.get("collaborators"))) {
                differences.add("trip:" + trip + " collaborators expected " + expected.get("collaborators")
                        + " but Redis has " + collaborators);
            }
        }
        compare(
                "itinerary of " + trip,
                Map.of("items", expected.get("items"), "days", expected.get("days")),
                Map.of(
                        "items",
                        Long.toString(redis.hlen(ofTrip(p, "itin", trip))),
                        "days",
                        Long.toString(redis.hlen(ofTrip(p, "itindays", trip)))),
                differences);
        Map<String, String> bookings = new HashMap<>();
        expected.forEach((field, value) -> {
            if (field.startsWith("tb.")) {
                bookings.put(field.substring(3), value);
            }
        });
        compare("tb:" + trip, bookings, redis.hgetall(ofTrip(p, "tb", trip)), differences);
        compare(
                "tc:" + trip,
                Map.of("conversations", expected.get("conversations"), "messages", expected.get("messages")),
                redis.hgetall(ofTrip(p, "tc", trip)),
                differences);
    }

    /** Compares two hashes, taking a missing field and "0" as the same. */
    private static void compare(
            String what, Map<String, String> expected, Map<String, String> actual, List<String> differences) {
        Map<String, String> all = new TreeMap<>();
        expected.forEach(all::put);
        actual.forEach(all::putIfAbsent);
        for (String field : all.keySet()) {
            String want = expected.getOrDefault(field, "0");
            String have = actual.getOrDefault(field, "0");
            if (!want.equals(have)) {
                differences.add(what + " " + field + " expected " + want + " but Redis has " + have);
            }
        }
    }

    private static Map<String, Map<String, String>> expectedUserStatistics(Connection db) throws SQLException {
        Map<String, Map<String, String>> users = new TreeMap<>();
        for (String id : strings(db, "SELECT id::text FROM trips.users")) {
            users.put(id, new TreeMap<>());
        }
        query(
                db,
                "SELECT user_id::text, status, trip_type, count(*), coalesce(sum(budget * 100), 0)::bigint "
                        + "FROM trips.trips GROUP BY 1, 2, 3",
                rs -> {
                    Map<String, String> stats = users.computeIfAbsent(rs.getString(1), u -> new TreeMap<>());
                    add(stats, "total_trips", rs.getLong(4));
                    add(stats, "status:" + rs.getString(2), rs.getLong(4));
                    add(stats, "type:" + rs.getString(3), rs.getLong(4));
                    add(stats, "budget_cents", rs.getLong(5));
                });
        query(
                db,
                "SELECT user_id::text, count(*) FROM trips.trip_collaborators WHERE status = 'accepted' GROUP BY 1",
                rs -> add(
                        users.computeIfAbsent(rs.getString(1), u -> new TreeMap<>()), "shared_with_me", rs.getLong(2)));
        query(
                db,
                "SELECT t.user_id::text, b.status, b.currency, count(*), (sum(b.amount) * 100)::bigint "
                        + "FROM bookings.bookings b JOIN trips.trips t ON t.id = b.trip_id GROUP BY 1, 2, 3",
                rs -> {
                    Map<String, String> stats = users.computeIfAbsent(rs.getString(1), u -> new TreeMap<>());
                    add(stats, "bookings:count", rs.getLong(4));
                    if (rs.getString(2).equals("confirmed") || rs.getString(2).equals("pending")) {
                        add(stats, "bookings:sum:" + rs.getString(3), rs.getLong(5));
                    }
                });
        return users;
    }

    private static Map<String, List<String>> expectedUpcoming(Connection db) throws SQLException {
        Map<String, List<String>> upcoming = new HashMap<>();
        try (PreparedStatement sql = db.prepareStatement(
                "SELECT user_id::text, id::text FROM (SELECT user_id, id, row_number() OVER (PARTITION BY user_id "
                        + "ORDER BY start_date, id::text) AS position FROM trips.trips WHERE status = 'planned' "
                        + "AND start_date >= ?) next WHERE position <= 5 ORDER BY user_id, position")) {
            sql.setObject(1, LocalDate.now(ZoneOffset.UTC));
            try (ResultSet rs = sql.executeQuery()) {
                while (rs.next()) {
                    upcoming.computeIfAbsent(rs.getString(1), u -> new ArrayList<>())
                            .add(rs.getString(2));
                }
            }
        }
        return upcoming;
    }

    private static Map<String, Map<String, String>> expectedTrips(Connection db) throws SQLException {
        Map<String, Map<String, String>> trips = new TreeMap<>();
        query(
                db,
                "SELECT id::text, version, user_id::text, status, trip_type, coalesce((budget * 100)::bigint::text, ''), "
                        + "title, destination FROM trips.trips",
                rs -> {
                    Map<String, String> trip = new HashMap<>();
                    trip.put("version", Long.toString(rs.getLong(2)));
                    trip.put("owner", rs.getString(3));
                    trip.put("status", rs.getString(4));
                    trip.put("type", rs.getString(5));
                    trip.put("budget", rs.getString(6));
                    trip.put("title", rs.getString(7));
                    trip.put("destination", rs.getString(8));
                    trip.put("items", "0");
                    trip.put("days", "0");
                    trip.put("conversations", "0");
                    trip.put("messages", "0");
                    trip.put("collaborators", "{}");
                    trips.put(rs.getString(1), trip);
                });
        Map<String, Map<String, String>> collaborators = new HashMap<>();
        query(
                db,
                "SELECT trip_id::text, user_id::text, role, status FROM trips.trip_collaborators",
                rs -> collaborators
                        .computeIfAbsent(rs.getString(1), t -> new TreeMap<>())
                        .put(rs.getString(2), rs.getString(3) + "/" + rs.getString(4)));
        collaborators.forEach((trip, list) -> {
            if (trips.containsKey(trip)) {
                trips.get(trip).put("collaborators", list.toString());
            }
        });
        query(db, "SELECT trip_id::text, count(*), count(DISTINCT day) FROM trips.itineraries GROUP BY 1", rs -> {
            Map<String, String> trip = trips.get(rs.getString(1));
            trip.put("items", Long.toString(rs.getLong(2)));
            trip.put("days", Long.toString(rs.getLong(3)));
        });
        query(
                db,
                "SELECT trip_id::text, status, currency, count(*), (sum(amount) * 100)::bigint "
                        + "FROM bookings.bookings GROUP BY 1, 2, 3",
                rs -> {
                    Map<String, String> trip = trips.get(rs.getString(1));
                    if (trip == null) {
                        return; // bookings of a deleted trip, until booking-service's cascade removes them
                    }
                    add(trip, "tb.count", rs.getLong(4));
                    add(trip, "tb.count:" + rs.getString(2), rs.getLong(4));
                    add(trip, "tb.sum:" + rs.getString(2) + ":" + rs.getString(3), rs.getLong(5));
                });
        query(
                db,
                "SELECT c.trip_id::text, count(DISTINCT c.id), count(m.id) FROM conversations.conversations c "
                        + "LEFT JOIN conversations.conversation_messages m ON m.conversation_id = c.id GROUP BY 1",
                rs -> {
                    Map<String, String> trip = trips.get(rs.getString(1));
                    if (trip != null) {
                        trip.put("conversations", Long.toString(rs.getLong(2)));
                        trip.put("messages", Long.toString(rs.getLong(3)));
                    }
                });
        return trips;
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private static void query(Connection db, String sql, Row row) throws SQLException {
        try (var statement = db.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                row.accept(rs);
            }
        }
    }

    private static List<String> strings(Connection db, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        query(db, sql, rs -> values.add(rs.getString(1)));
        return values;
    }

    private static void add(Map<String, String> figures, String field, long amount) {
        figures.merge(field, Long.toString(amount), (a, b) -> Long.toString(Long.parseLong(a) + Long.parseLong(b)));
    }
}
