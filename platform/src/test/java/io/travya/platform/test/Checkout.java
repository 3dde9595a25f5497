package io.travya.platform.test;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout of Travya the tests run in: Maven starts each module's tests in the module's folder. */
public final class Checkout {

    private Checkout() {}

    /** The folder that holds {@code mvnw} and the parent POM, found from the working directory upwards. */
    public static Path root() {
        for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
            if (Files.isRegularFile(folder.resolve("mvnw")) && Files.isRegularFile(folder.resolve("pom.xml"))) {
                return folder;
            }
        }
        throw new IllegalStateException(
                "Not inside a Travya checkout (no mvnw above " + Path.of("").toAbsolutePath() + ")");
    }
}
