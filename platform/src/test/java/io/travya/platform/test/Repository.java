package io.travya.platform.test;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout a test runs in: Maven runs a module's tests in the module's folder. */
final class Repository {

    private Repository() {}

    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("infra").resolve("openapi").resolve("package.json"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no Travya checkout above " + here);
    }
}
