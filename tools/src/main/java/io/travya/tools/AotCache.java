package io.travya.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's AOT cache for a packaged service (JEP 483/514/515): the classes it loads and links at
 * start-up, and the methods' profiles, read from one file instead of being found, parsed, verified
 * and linked again at every start. Spring Boot's recipe: extract the jar (the cache needs plain jars
 * on the class path, not nested ones), run it once with {@code -Dspring.context.exit=onRefresh} (the
 * training run: the whole context is built, nothing is started) and {@code -XX:AOTCacheOutput}, then
 * start with {@code -XX:AOTCache}.
 *
 * <p>A cache is valid only for the jar, the JDK and the JVM options it was made with, so it lives under
 * {@code <module>/target/aot/<key>/}, the key a hash of all three: a rebuilt jar, another JDK or other
 * options get a cache of their own, and {@code mvn clean} removes them with the jar. Whatever goes
 * wrong (no training run possible, a cache the JVM refuses) the service starts as it would without
 * one: the JVM ignores a cache that does not match its class path, with a warning.
 *
 * <p>Used by {@code ./travya up} (through {@code tools aot-command}) and by {@link ServiceStack}.
 */
public final class AotCache {

    private static final String TRAINING_EXIT = "-Dspring.context.exit=onRefresh";
    private static final String TRAINING_METASPACE = "-XX:MaxMetaspaceSize=1g";

    private AotCache() {}

    /**
     * The command that starts {@code jar} with its AOT cache, making the cache first if there is none
     * (a training run with the same options, arguments and environment as the real start); the plain
     * command if that fails.
     */
    public static List<String> command(
            Path java, List<String> jvmOptions, Path jar, List<String> arguments, Map<String, String> environment) {
        try {
            Path directory = jar.toAbsolutePath()
                    .getParent()
                    .resolve("aot")
                    .resolve(key(java, jvmOptions, jar))
                    .toAbsolutePath();
            Path cache = directory.resolve("app.aot");
            Path extracted = directory.resolve("app").resolve(jar.getFileName());
            if (!Files.isRegularFile(cache)) {
                extract(java, jar, directory);
                train(java, jvmOptions, extracted, arguments, environment, cache);
            }
            return build(java, jvmOptions, List.of("-XX:AOTCache=" + cache), extracted, arguments);
        } catch (IOException | RuntimeException e) {
            System.err.printf(
                    "warning: %s starts without an AOT cache (slower start): %s%n", jar.getFileName(), e.getMessage());
            return build(java, jvmOptions, List.of(), jar, arguments);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return build(java, jvmOptions, List.of(), jar, arguments);
        }
    }

    private static List<String> build(
            Path java, List<String> jvmOptions, List<String> cache, Path jar, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.addAll(cache);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(arguments);
        return command;
    }

    /** The jar's content, the JDK's identity and the options (an @file by its content) in one hash. */
    static String key(Path java, List<String> jvmOptions, Path jar) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(jar)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        digest.update(java.toRealPath().toString().getBytes());
        Path release = java.toRealPath().getParent().getParent().resolve("release");
        if (Files.isRegularFile(release)) {
            digest.update(Files.readAllBytes(release));
        }
        for (String option : jvmOptions) {
            digest.update(option.getBytes());
            if (option.startsWith("@")) {
                digest.update(Files.readAllBytes(Path.of(option.substring(1))));
            }
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 12);
    }

    private static void extract(Path java, Path jar, Path directory) throws IOException, InterruptedException {
        Path app = directory.resolve("app");
        if (Files.isRegularFile(app.resolve(jar.getFileName()))) {
            return;
        }
        Files.createDirectories(directory);
        // extracted beside and renamed into place, so that a concurrent start never sees half of it
        Path partial = Files.createTempDirectory(directory, "extracting");
        run(
                List.of(
                        java.toString(),
                        "-Djarmode=tools",
                        "-jar",
                        jar.toAbsolutePath().toString(),
                        "extract",
                        "--destination",
                        partial.resolve("app").toString()),
                Map.of(),
                directory.resolve("extract.log"),
                5);
        try {
            Files.move(partial.resolve("app"), app, StandardCopyOption.ATOMIC_MOVE);
            Files.delete(partial);
        } catch (IOException alreadyThere) {
            if (!Files.isRegularFile(app.resolve(jar.getFileName()))) {
                throw alreadyThere;
            }
        }
    }

    private static void train(
            Path java,
            List<String> jvmOptions,
            Path extracted,
            List<String> arguments,
            Map<String, String> environment,
            Path cache)
            throws IOException, InterruptedException {
        Path partial = cache.resolveSibling("app.aot." + ProcessHandle.current().pid());
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.add("-XX:AOTCacheOutput=" + partial);
        // the cache is written within the compressed class space, which a small MaxMetaspaceSize
        // shrinks below the size of a Spring service's classes ("Unable to allocate from 'ro'
        // region"); the start that uses the cache keeps the service's own limit
        command.add(TRAINING_METASPACE);
        command.add(TRAINING_EXIT);
        command.add("-jar");
        command.add(extracted.toString());
        command.addAll(arguments);
        // generous: a training run takes about as long as a start, which on a loaded machine has taken 10 minutes
        run(command, environment, cache.resolveSibling("training.log"), 30);
        if (!Files.isRegularFile(partial)) {
            throw new IOException("the training run wrote no cache; see " + cache.resolveSibling("training.log"));
        }
        Files.move(partial, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void run(List<String> command, Map<String, String> environment, Path log, int minutes)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException(command.get(command.size() - 1) + " took longer than " + minutes + " minutes");
        }
        if (process.exitValue() != 0) {
            throw new IOException("exit status " + process.exitValue() + "; see " + log);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    /**
     * {@code tools aot-command <jar> <jvm option>... -- <argument>...}: prints, one per line, the
     * command that starts the jar with its cache (for ./travya up), making the cache first if needed.
     */
    static void main(List<String> args) {
        int separator = args.indexOf("--");
        List<String> options = separator < 0 ? args.subList(1, args.size()) : args.subList(1, separator);
        List<String> arguments = separator < 0 ? List.of() : args.subList(separator + 1, args.size());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        command(java, options, Path.of(args.get(0)), arguments, Map.of()).forEach(System.out::println);
    }
}
