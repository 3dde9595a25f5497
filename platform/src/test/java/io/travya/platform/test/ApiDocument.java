package io.travya.platform.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A service's OpenAPI document, checked in at {@code <service>/src/main/openapi/<service>.yaml}: what
 * clients are generated from, what the service serves at {@code /v3/api-docs}, and what springdoc
 * renders from the code at {@code /v3/api-docs/generated.yaml} must all be one document.
 *
 * <p>After a change to the API, refresh it with {@code -Dtravya.openapi.write=true} (README.md).
 */
public final class ApiDocument {

    /** The system property that makes {@link #requireCheckedIn()} write the document instead. */
    public static final String WRITE = "travya.openapi.write";

    private final String service;
    private final HttpApi api;

    private ApiDocument(String service, HttpApi api) {
        this.service = service;
        this.api = api;
    }

    public static ApiDocument of(String service, int port) {
        return new ApiDocument(service, new HttpApi(port));
    }

    /** The checked-in document, relative to the module whose tests run. */
    public static Path checkedIn(String service) {
        return Path.of("src", "main", "openapi", service + ".yaml");
    }

    public Path checkedIn() {
        return checkedIn(service);
    }

    /** The document springdoc renders from the code now. */
    public String generated() {
        HttpApi.Response response = api.get("/v3/api-docs/generated.yaml", null);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.text().endsWith("\n") ? response.text() : response.text() + "\n";
    }

    /**
     * Fails when the checked-in document is not the one the code describes, saying how to refresh it;
     * with {@code -Dtravya.openapi.write=true}, writes it instead.
     */
    public void requireCheckedIn() {
        String generated = generated();
        Path file = checkedIn();
        try {
            if (Boolean.getBoolean(WRITE)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, generated);
                System.out.println("[openapi] wrote " + file.toAbsolutePath());
                return;
            }
            String committed = Files.exists(file) ? Files.readString(file) : "";
            assertThat(committed)
                    .as(file + " is not the document the code describes. If the change to the API is meant, "
                            + "refresh it with: ./mvnw -pl " + service + " -am test "
                            + "-Dtest='ApiDocumentTest#theCheckedInDocumentIsTheOneTheCodeDescribes' "
                            + "-Dsurefire.failIfNoSpecifiedTests=false -D" + WRITE + "=true, and commit it")
                    .isEqualTo(generated);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The service serves the checked-in document as it is (YAML and JSON), and Swagger UI is pointed
     * at it.
     */
    public void requireServedAsCheckedIn() {
        HttpApi.Response yaml = api.get("/v3/api-docs.yaml", null);
        HttpApi.Response json = api.get("/v3/api-docs", null);
        HttpApi.Response swaggerConfig = api.get("/v3/api-docs/generated/swagger-config", null);
        try {
            assertThat(yaml.status()).isEqualTo(200);
            assertThat(yaml.text()).isEqualTo(Files.readString(checkedIn()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.header("Content-Type")).startsWith("application/json");
        assertThat(json.json().get("info").get("title").asString()).isEqualTo("Travya " + service);
        assertThat(swaggerConfig.json().get("url").asString()).isEqualTo("/v3/api-docs");
        assertThat(api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
    }

    /** Redocly, with the project's configuration, finds neither errors nor warnings in the checked-in document. */
    public void requireLintClean() {
        Redocly.Report report = Redocly.installed().lint(checkedIn());

        assertThat(report.problems()).isEmpty();
        assertThat(report.errors()).isZero();
        assertThat(report.warnings()).isZero();
    }
}
