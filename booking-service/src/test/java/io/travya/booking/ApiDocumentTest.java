package io.travya.booking;

import io.travya.platform.test.ApiDocument;
import io.travya.platform.test.TravyaIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The OpenAPI document clients are generated from is the one the code describes, served as is, and clean. */
@TravyaIntegrationTest
class ApiDocumentTest {

    @LocalServerPort
    int port;

    private ApiDocument document() {
        return ApiDocument.of("booking-service", port);
    }

    @Test
    void theCheckedInDocumentIsTheOneTheCodeDescribes() {
        document().requireCheckedIn();
    }

    @Test
    void theServiceServesTheCheckedInDocumentAndSwaggerUiReadsIt() {
        document().requireServedAsCheckedIn();
    }

    @Test
    void redoclyFindsNeitherErrorsNorWarnings() {
        document().requireLintClean();
    }
}
