package io.travya.tools.commandline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.travya.platform.test.Checkout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./travya} as a user meets it, specified by the bats tests in {@code infra/bats}: usage and
 * error messages without any server, and infra-up, infra-down and down against a stack of their own on
 * ports 47xxx (see README). They run once, under Debian's bats ({@code ./travya test} installs it), and
 * each is reported here as a test of its own. A machine without bats fails, saying so: the script's
 * behaviour must not go unchecked because a tool is missing.
 */
class TravyaCommandLineTest {

    private static final Path BATS_TESTS = Checkout.root().resolve("infra").resolve("bats");

    /** Two server start-ups and the fast tests take a minute or two; past this, something hangs. */
    private static final long MINUTES_ALLOWED = 10;

    private static final Pattern PLAN = Pattern.compile("^1\\.\\.(\\d+)$");
    private static final Pattern RESULT = Pattern.compile("^(ok|not ok) (\\d+) (.*)$");

    @TestFactory
    Stream<DynamicTest> everyBatsTestOfTheScriptPasses(@TempDir Path scratch) {
        Tap tap = bats(scratch);
        List<DynamicTest> tests = new ArrayList<>();
        for (TapResult result : tap.results()) {
            tests.add(DynamicTest.dynamicTest(result.description(), () -> {
                if (!result.ok()) {
                    fail("bats: not ok %s%n%s", result.description(), result.diagnostics());
                }
                assertThat(result.description()).as("a skipped bats test").doesNotContain("# skip");
            }));
        }
        tests.add(DynamicTest.dynamicTest("bats ran every planned test and exited 0", () -> {
            assertThat(tap.planned()).as(tap.output()).isPositive();
            assertThat(tap.results()).as(tap.output()).hasSize(tap.planned());
            assertThat(tap.exitCode()).as(tap.output()).isZero();
        }));
        return tests.stream();
    }

    private static Tap bats(Path scratch) {
        Path output = scratch.resolve("bats.tap");
        Process process;
        try {
            process = new ProcessBuilder("bats", "--tap", BATS_TESTS.toString())
                    .directory(Checkout.root().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "bats is missing: install Debian's bats package (./travya test does) to test ./travya", e);
        }
        try {
            if (!process.waitFor(MINUTES_ALLOWED, TimeUnit.MINUTES)) {
                // SIGTERM first, so that bats' teardown_file stops the servers it started
                process.destroy();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                }
                throw new IllegalStateException("bats did not finish within " + MINUTES_ALLOWED + " minutes:\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return Tap.parse(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            throw new IllegalStateException(e);
        }
    }

    /** One test's line of the Test Anything Protocol, with the diagnostic lines that follow it. */
    private record TapResult(boolean ok, String description, String diagnostics) {}

    /** What bats printed: the plan ("1..N"), a result per test, and its exit status. */
    private record Tap(int exitCode, String output, int planned, List<TapResult> results) {

        static Tap parse(int exitCode, String output) {
            int planned = -1;
            List<TapResult> results = new ArrayList<>();
            Matcher result = null;
            StringBuilder diagnostics = new StringBuilder();
            for (String line : output.split("\n", -1)) {
                Matcher plan = PLAN.matcher(line);
                Matcher next = RESULT.matcher(line);
                if (plan.matches()) {
                    planned = Integer.parseInt(plan.group(1));
                } else if (next.matches()) {
                    add(results, result, diagnostics);
                    result = next;
                    diagnostics.setLength(0);
                } else if (result != null) {
                    diagnostics.append(line).append('\n');
                }
            }
            add(results, result, diagnostics);
            return new Tap(exitCode, output, planned, List.copyOf(results));
        }

        private static void add(List<TapResult> results, Matcher result, StringBuilder diagnostics) {
            if (result != null) {
                results.add(new TapResult(result.group(1).equals("ok"), result.group(3), diagnostics.toString()));
            }
        }
    }
}
