package io.travya.platform.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Redocly CLI, as pinned in {@code infra/openapi/package.json} and its lock file, installed from the
 * npm registry with {@code npm ci} into {@code infra/openapi/node_modules} (git-ignored) the first
 * time a test needs it, and again only when the lock file changes.
 */
public final class Redocly {

    /** What Redocly found in one document. */
    public record Report(int errors, int warnings, List<String> problems) {}

    private final Path home;

    private Redocly(Path home) {
        this.home = home;
    }

    /** The linter of the checkout this test runs in, installed if it is not yet. */
    public static Redocly installed() {
        Path home = Repository.root().resolve("infra").resolve("openapi");
        Redocly redocly = new Redocly(home);
        redocly.install();
        return redocly;
    }

    /** Lints a document with {@code infra/openapi/redocly.yaml}. */
    public Report lint(Path document) {
        Process process = start(List.of(
                "node",
                home.resolve("node_modules/@redocly/cli/bin/cli.js").toString(),
                "lint",
                "--config",
                home.resolve("redocly.yaml").toString(),
                "--format=json",
                document.toAbsolutePath().toString()));
        String output = outputOf(process, "redocly lint");
        JsonNode report = JsonMapper.builder().build().readTree(output.substring(output.indexOf('{')));
        List<String> problems = new ArrayList<>();
        for (JsonNode problem : report.get("problems")) {
            problems.add(problem.get("severity").asString() + " "
                    + problem.get("ruleId").asString() + " at "
                    + problem.get("location").get(0).get("pointer").asString() + ": "
                    + problem.get("message").asString());
        }
        JsonNode totals = report.get("totals");
        return new Report(totals.get("errors").asInt(), totals.get("warnings").asInt(), problems);
    }

    private void install() {
        try (FileChannel lock = FileChannel.open(
                        home.resolve("node_modules.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                var held = lock.lock()) {
            Path stamp = home.resolve("node_modules").resolve(".travya-lock-sha256");
            String wanted = sha256(Files.readAllBytes(home.resolve("package-lock.json")));
            if (Files.exists(stamp) && Files.readString(stamp).equals(wanted)) {
                return;
            }
            outputOf(start(List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund")), "npm ci");
            Files.writeString(stamp, wanted);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install Redocly in " + home, e);
        }
    }

    private Process start(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        builder.environment().put("REDOCLY_TELEMETRY", "off");
        builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        builder.environment().put("NO_COLOR", "1");
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0) + " (Node.js 20 and npm are needed)", e);
        }
    }

    private static String outputOf(Process process, String what) {
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " did not finish");
            }
            // lint exits 1 when it finds errors; its report says which
            if (process.exitValue() != 0 && !output.contains("\"totals\"")) {
                throw new IllegalStateException(what + " failed (exit " + process.exitValue() + "): " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
