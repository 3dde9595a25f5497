package io.travya.tools.bench;

import io.travya.platform.test.HttpApi;
import io.travya.tools.Settings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads that users repeat: the statistics and a trip's overview from trip-service (Redis), and,
 * beside them, the seed's get_trip_statistics run in SQL, for users with few and with many trips.
 */
final class ReadBench {

    private static final String[] SEED_STATISTICS = {
        "SELECT count(id) FROM %s.trips WHERE user_id = ?",
        "SELECT sum(budget) FROM %s.trips WHERE user_id = ?",
        "SELECT status, count(id) FROM %s.trips WHERE user_id = ? GROUP BY status"
    };

    private final HttpApi api;
    private final Settings settings;
    private final Duration duration;

    ReadBench(HttpApi api, Settings settings, Duration duration) {
        this.api = api;
        this.settings = settings;
        this.duration = duration;
    }

    Latencies http(String path, String token, int clients) throws Exception {
        return http(path, token, clients, duration);
    }

    /** Unmeasured requests first, so that neither size is timed while the JIT is still compiling. */
    void warmUp(String path, String token) throws Exception {
        http(path, token, 4, Duration.ofSeconds(5));
    }

    private Latencies http(String path, String token, int clients, Duration duration) throws Exception {
        Latencies latencies = new Latencies();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + duration.toNanos();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            running.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    HttpApi.Response response = api.get(path, token);
                    if (response.status() != 200) {
                        throw new IllegalStateException("GET " + path + " answered " + response);
                    }
                    latencies.recordNanos(System.nanoTime() - sent);
                }
                return null;
            }));
        }
        for (Future<?> client : running) {
            client.get();
        }
        pool.shutdown();
        return latencies;
    }

    /** The seed's three statistics queries, one after the other, as the original product ran them. */
    Latencies seedStatistics(UUID user, String schema) throws Exception {
        Latencies latencies = new Latencies();
        try (Connection db =
                DriverManager.getConnection(settings.jdbcUrl(), settings.pgUser(), settings.pgPassword())) {
            List<PreparedStatement> queries = new ArrayList<>();
            for (String sql : SEED_STATISTICS) {
                queries.add(db.prepareStatement(String.format(sql, schema)));
            }
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                long sent = System.nanoTime();
                for (PreparedStatement query : queries) {
                    query.setObject(1, user);
                    try (ResultSet rs = query.executeQuery()) {
                        while (rs.next()) {
                            rs.getObject(1);
                        }
                    }
                }
                latencies.recordNanos(System.nanoTime() - sent);
            }
            for (PreparedStatement query : queries) {
                query.close();
            }
        }
        return latencies;
    }
}
