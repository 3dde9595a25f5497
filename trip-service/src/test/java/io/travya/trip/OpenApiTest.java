package io.travya.trip;

import static org.assertj.core.api.Assertions.assertThat;

import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TravyaIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@TravyaIntegrationTest
class OpenApiTest {

    @LocalServerPort
    int port;

    @Test
    void theApiDescriptionSpeaksSnakeCaseAndDoesNotAskClientsForTheCaller() {
        HttpApi api = new HttpApi(port);

        HttpApi.Response docs = api.get("/v3/api-docs", null);
        JsonNode newTrip = docs.json().get("components").get("schemas").get("NewTrip");

        assertThat(docs.status()).isEqualTo(200);
        assertThat(newTrip.get("properties").has("start_date")).isTrue();
        assertThat(newTrip.get("properties").has("startDate")).isFalse();
        assertThat(docs.text()).doesNotContain("\"name\":\"caller\"");
        assertThat(api.get("/swagger-ui.html", null).status()).isIn(200, 302);
    }

    @Test
    void aNewPasswordIsDocumentedWithItsLimitInBytesAndItsRules() {
        JsonNode schemas = new HttpApi(port)
                .get("/v3/api-docs", null)
                .json()
                .get("components")
                .get("schemas");

        for (JsonNode password : new JsonNode[] {
            schemas.get("Registration").get("properties").get("password"),
            schemas.get("PasswordChange").get("properties").get("new_password")
        }) {
            assertThat(password.get("description").asString())
                    .contains("at most 72 bytes in UTF-8")
                    .contains("most common passwords");
            assertThat(password.get("minLength").asInt()).isEqualTo(8);
        }
    }
}
