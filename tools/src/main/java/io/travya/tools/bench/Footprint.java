package io.travya.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Memory and CPU of every process of the stack while the benchmark runs, sampled every second from
 * /proc: the largest resident set (RSS; for PostgreSQL the PSS summed over its processes, whose
 * shared buffers RSS would count once per backend) and the CPU used, in percent of one core,
 * averaged over the run.
 */
final class Footprint implements AutoCloseable {

    static final long TICKS_PER_SECOND = 100;

    /** CPU is summed sample by sample, so that a service restarted mid-run (new pid, ticks from 0) still adds up. */
    private record Sample(double maxMegabytes, long usedTicks, long lastTicks, long firstNanos, long lastNanos) {}

    private final Supplier<Map<String, List<Long>>> processes;
    private final Map<String, Sample> samples = new LinkedHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "footprint");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param processes name → the pids that make it up now (a server's main process: its children
     *     count too), asked at every sample
     */
    Footprint(Supplier<Map<String, List<Long>>> processes) {
        this.processes = processes;
        sampler.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private synchronized void sample() {
        long now = System.nanoTime();
        processes.get().forEach((name, pids) -> {
            double megabytes = 0;
            long ticks = 0;
            // PostgreSQL is many processes sharing their buffers: PSS counts the sharing once; a JVM or
            // Redis is one process whose RSS is what the issue asks for
            boolean shared = name.startsWith("postgres");
            for (long pid : withChildren(pids)) {
                megabytes += memoryMegabytes(pid, shared ? "Pss:" : "Rss:");
                ticks += cpuTicks(pid);
            }
            Sample previous = samples.get(name);
            samples.put(
                    name,
                    previous == null
                            ? new Sample(megabytes, 0, ticks, now, now)
                            : new Sample(
                                    Math.max(previous.maxMegabytes(), megabytes),
                                    previous.usedTicks()
                                            + (ticks >= previous.lastTicks() ? ticks - previous.lastTicks() : ticks),
                                    ticks,
                                    previous.firstNanos(),
                                    now));
        });
    }

    synchronized Map<String, double[]> summary() {
        sample();
        Map<String, double[]> summary = new LinkedHashMap<>();
        samples.forEach((name, sample) -> {
            double seconds = (sample.lastNanos() - sample.firstNanos()) / 1e9;
            double cpu = seconds <= 0 ? 0 : sample.usedTicks() / (double) TICKS_PER_SECOND / seconds * 100;
            summary.put(name, new double[] {sample.maxMegabytes(), cpu});
        });
        return summary;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }

    private static List<Long> withChildren(List<Long> pids) {
        return pids.stream()
                .flatMap(pid -> Stream.concat(Stream.of(pid), children(pid).stream()))
                .distinct()
                .toList();
    }

    private static List<Long> children(long pid) {
        return ProcessHandle.of(pid)
                .map(handle -> handle.descendants().map(ProcessHandle::pid).toList())
                .orElse(List.of());
    }

    private static double memoryMegabytes(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended between two samples
        }
        return 0;
    }

    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }
}
