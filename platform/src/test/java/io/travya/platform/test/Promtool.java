package io.travya.platform.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's promtool (Debian's {@code prometheus} package, which {@code ./travya up} and
 * {@code ./travya test} install), run on the files under {@code infra/prometheus}. A machine without
 * it fails the test that needs it, saying so, rather than skipping the check.
 */
public final class Promtool {

    /** What promtool said and whether it was content. */
    public record Result(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private final Path home = Repository.root().resolve("infra").resolve("prometheus");

    /** The folder of the rules and their tests. */
    public Path home() {
        return home;
    }

    /** {@code promtool <args>} in {@code infra/prometheus}. */
    public Result run(String... args) {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "promtool is missing: install Debian's prometheus package (./travya test does)", e);
        }
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("promtool " + String.join(" ", args) + " did not finish");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
