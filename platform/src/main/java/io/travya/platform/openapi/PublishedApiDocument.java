package io.travya.platform.openapi;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the service's OpenAPI document as the build checked it in, at {@code /v3/api-docs} (JSON)
 * and {@code /v3/api-docs.yaml}. springdoc would compute it from the code on the first request, which
 * took seconds; the checked-in copy is the same document (the build fails when they differ) and is
 * ready at start-up. springdoc's own rendering stays at {@code /v3/api-docs/generated}.
 */
@RestController
@Hidden
class PublishedApiDocument {

    static final String LOCATION = "classpath:openapi/${spring.application.name}.yaml";

    /** What springdoc answers for YAML, so that clients of either see the same media type. */
    static final String OPENAPI_YAML = "application/vnd.oai.openapi";

    private final byte[] yaml;
    private final byte[] json;

    PublishedApiDocument(String service) {
        ClassPathResource resource = new ClassPathResource("openapi/" + service + ".yaml");
        try (InputStream in = resource.getInputStream()) {
            yaml = in.readAllBytes();
            json = Json.mapper().writeValueAsBytes(Yaml.mapper().readTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI document " + resource.getPath(), e);
        }
    }

    @GetMapping(path = "/v3/api-docs", produces = MediaType.APPLICATION_JSON_VALUE)
    byte[] json() {
        return json;
    }

    @GetMapping(path = "/v3/api-docs.yaml", produces = OPENAPI_YAML)
    byte[] yaml() {
        return yaml;
    }
}
