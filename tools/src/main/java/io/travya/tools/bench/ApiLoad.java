package io.travya.tools.bench;

import io.travya.platform.test.HttpApi;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Load on trip-service's write path: POST /api/v1/trips, bounded in count and time, loopback only.
 * A closed loop finds the most the stack sustains; fixed rates (open loop) measure latency, timed
 * from when each request was due, so a slow server cannot hide its queueing (coordinated omission).
 */
final class ApiLoad {

    record Outcome(double achievedPerSecond, long requests, long failures, Latencies latencies) {}

    private final HttpApi api;
    private final List<String> tokens;
    private final AtomicInteger sequence = new AtomicInteger();

    ApiLoad(HttpApi api, List<String> tokens) {
        this.api = api;
        this.tokens = tokens;
    }

    /** As many creations as {@code clients} clients can make, one request each at a time. */
    Outcome closedLoop(int clients, Duration duration) throws Exception {
        Latencies latencies = new Latencies();
        LongAdder done = new LongAdder();
        LongAdder failed = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        long end = started + duration.toNanos();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            running.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    record(create(), sent, latencies, done, failed);
                }
            }));
        }
        for (Future<?> client : running) {
            client.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Outcome(done.sum() / seconds, done.sum() + failed.sum(), failed.sum(), latencies);
    }

    /** Creations due at a fixed rate for the duration, however long each takes. */
    Outcome fixedRate(double perSecond, Duration duration) throws Exception {
        Latencies latencies = new Latencies();
        LongAdder done = new LongAdder();
        LongAdder failed = new LongAdder();
        long total = Math.max(1, Math.round(perSecond * duration.toMillis() / 1000.0));
        long interval = Math.round(1e9 / perSecond);
        ExecutorService senders = Executors.newFixedThreadPool(64);
        long started = System.nanoTime();
        List<Future<?>> requests = new ArrayList<>();
        for (long i = 0; i < total; i++) {
            long due = started + i * interval;
            long delay = due - System.nanoTime();
            if (delay > 0) {
                TimeUnit.NANOSECONDS.sleep(delay);
            }
            requests.add(senders.submit(() -> record(create(), due, latencies, done, failed)));
        }
        for (Future<?> request : requests) {
            request.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        senders.shutdown();
        return new Outcome(done.sum() / seconds, total, failed.sum(), latencies);
    }

    /** Creates {@code count} trips for the token's user, with {@code clients} clients. */
    void createMany(String token, int count, int clients) throws Exception {
        AtomicInteger left = new AtomicInteger(count);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            running.add(pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    HttpApi.Response created = api.post("/api/v1/trips", trip(), token);
                    if (created.status() != 201) {
                        throw new IllegalStateException("Could not create a trip: " + created);
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : running) {
            client.get();
        }
        pool.shutdown();
    }

    private Supplier<HttpApi.Response> create() {
        String token = tokens.get(Math.floorMod(sequence.getAndIncrement(), tokens.size()));
        return () -> api.post("/api/v1/trips", trip(), token);
    }

    private Map<String, Object> trip() {
        int n = sequence.incrementAndGet();
        LocalDate start = LocalDate.now().plusDays(30 + n % 300);
        return Map.of(
                "title",
                "Bench trip " + n,
                "destination",
                "City " + (n % 97),
                "start_date",
                start.toString(),
                "end_date",
                start.plusDays(1 + n % 10).toString(),
                "budget",
                100 + n % 5000,
                "trip_type",
                "leisure");
    }

    private static void record(
            Supplier<HttpApi.Response> request, long since, Latencies latencies, LongAdder done, LongAdder failed) {
        try {
            HttpApi.Response response = request.get();
            latencies.recordNanos(System.nanoTime() - since);
            if (response.status() == 201) {
                done.increment();
            } else {
                failed.increment();
            }
        } catch (RuntimeException e) {
            failed.increment();
        }
    }
}
