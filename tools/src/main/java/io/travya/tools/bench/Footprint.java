package io.travya.tools.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Memory and CPU of every process of the stack while the benchmark runs, sampled every second from
 * /proc: the largest resident set (RSS; for PostgreSQL the PSS summed over its processes, whose
 * shared buffers RSS would count once per backend, every 5 s) and the CPU used, in percent of one core,
 * averaged over the run.
 */
final class Footprint implements AutoCloseable {

    static final long TICKS_PER_SECOND = 100;
    private static final long PAGE_BYTES = 4096;
    /** PostgreSQL's PSS is read at every fifth sample (every 5 s). */
    private static final int SHARED_EVERY = 5;

    /** CPU is summed sample by sample, so that a service restarted mid-run (new pid, ticks from 0) still adds up. */
    private record Sample(double maxMegabytes, long usedTicks, long lastTicks, long firstNanos, long lastNanos) {}

    private final Supplier<Map<String, List<Long>>> processes;
    private final Map<String, Sample> samples = new LinkedHashMap<>();
    private long sampled;
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
        boolean withShared = sampled++ % SHARED_EVERY == 0;
        processes.get().forEach((name, pids) -> {
            double megabytes = 0;
            long ticks = 0;
            // PostgreSQL is many processes sharing their buffers: PSS counts the sharing once, but it
            // walks every mapping of every backend (smaps_rollup), so it is read every few seconds; a
            // JVM or Redis is one process whose RSS (statm, one line) is what the issue asks for
            boolean shared = name.startsWith("postgres");
            for (long pid : withChildren(pids)) {
                if (!shared) {
                    megabytes += residentMegabytes(pid);
                } else if (withShared) {
                    megabytes += proportionalMegabytes(pid);
                }
                ticks += cpuTicks(pid);
            }
            Sample previous = samples.get(name);
            double largest = previous == null ? megabytes : Math.max(previous.maxMegabytes(), megabytes);
            samples.put(
                    name,
                    previous == null
                            ? new Sample(largest, 0, ticks, now, now)
                            : new Sample(
                                    largest,
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

    /**
     * The pids and their children, from /proc/<pid>/task/<tid>/children: a server's processes are its
     * main process's children (PostgreSQL's backends), and walking every process of the machine each
     * second ({@code ProcessHandle.descendants}) took the sampler up to half a core on a busy machine.
     */
    private static List<Long> withChildren(List<Long> pids) {
        List<Long> all = new ArrayList<>(pids);
        for (long pid : pids) {
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : tasks) {
                    for (String child :
                            Files.readString(task.resolve("children")).trim().split(" +")) {
                        if (!child.isEmpty()) {
                            all.add(Long.parseLong(child));
                        }
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // the process ended between two samples
            }
        }
        return all.stream().distinct().toList();
    }

    /** RSS: statm's second field, in pages. */
    private static double residentMegabytes(long pid) {
        try {
            String[] fields = Files.readString(Path.of("/proc", Long.toString(pid), "statm"))
                    .trim()
                    .split(" ");
            return Long.parseLong(fields[1]) * PAGE_BYTES / (1024.0 * 1024.0);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static double proportionalMegabytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
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
