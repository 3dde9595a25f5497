package io.travya.booking;

import static org.assertj.core.api.Assertions.assertThat;

import io.travya.platform.test.ApiDocument;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.Redocly;
import io.travya.platform.test.TravyaIntegrationTest;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The OpenAPI document clients are generated from is the one the code describes, served as is, and clean. */
@TravyaIntegrationTest
class ApiDocumentTest {

    private static final String SERVICE = "booking-service";

    @LocalServerPort
    int port;

    @Test
    void theCheckedInDocumentIsTheOneTheCodeDescribes() {
        ApiDocument.of(SERVICE, port).requireCheckedIn();
    }

    @Test
    void theServiceServesTheCheckedInDocumentAndSwaggerUiReadsIt() throws Exception {
        HttpApi api = new HttpApi(port);

        HttpApi.Response yaml = api.get("/v3/api-docs.yaml", null);
        HttpApi.Response json = api.get("/v3/api-docs", null);
        HttpApi.Response swaggerConfig = api.get("/v3/api-docs/generated/swagger-config", null);

        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.text()).isEqualTo(Files.readString(ApiDocument.checkedIn(SERVICE)));
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.header("Content-Type")).startsWith("application/json");
        assertThat(json.json().get("info").get("title").asString()).isEqualTo("Travya " + SERVICE);
        assertThat(swaggerConfig.json().get("url").asString()).isEqualTo("/v3/api-docs");
        assertThat(api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
    }

    @Test
    void redoclyFindsNeitherErrorsNorWarnings() {
        Redocly.Report report = Redocly.installed().lint(ApiDocument.checkedIn(SERVICE));

        assertThat(report.problems()).isEmpty();
        assertThat(report.errors()).isZero();
        assertThat(report.warnings()).isZero();
    }
}
