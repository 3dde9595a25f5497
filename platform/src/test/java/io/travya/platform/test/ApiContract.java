package io.travya.platform.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a service's checked-in OpenAPI document promises, held against what the service really
 * answers: every answer a test sees must be a status the operation documents, with one of the media
 * types documented for it (and no body where none is documented).
 */
public final class ApiContract {

    /** One operation of the document. */
    public record Endpoint(String method, String path, Operation operation) {

        public boolean secured() {
            return operation.getSecurity() == null || !operation.getSecurity().isEmpty();
        }

        public List<String> pathVariables() {
            List<String> names = new ArrayList<>();
            if (operation.getParameters() != null) {
                for (Parameter parameter : operation.getParameters()) {
                    if ("path".equals(parameter.getIn())) {
                        names.add(parameter.getName());
                    }
                }
            }
            return names;
        }

        /** The path with every variable replaced by a UUID nobody has. */
        public String withUnknownIds() {
            String concrete = path;
            for (String name : pathVariables()) {
                concrete = concrete.replace("{" + name + "}", UUID.randomUUID().toString());
            }
            return concrete;
        }

        public String key() {
            return method + " " + path;
        }
    }

    private final OpenAPI document;
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final Map<String, Set<Integer>> answered = new TreeMap<>();

    private ApiContract(OpenAPI document) {
        this.document = document;
        document.getPaths()
                .forEach((path, item) -> item.readOperationsMap()
                        .forEach((method, operation) -> endpoints.add(new Endpoint(method.name(), path, operation))));
        // literal paths before templates, so that /trips/stats is not taken for /trips/{id}
        endpoints.sort(Comparator.comparingInt((Endpoint e) -> e.pathVariables().size())
                .thenComparing(Endpoint::key));
    }

    /** The checked-in document of the service whose module runs the tests. */
    public static ApiContract of(String service) {
        return read(ApiDocument.checkedIn(service));
    }

    /** A checked-in document read from elsewhere (the system tests read all three from {@code tools}). */
    public static ApiContract read(Path file) {
        try {
            return new ApiContract(Yaml.mapper().readValue(Files.readString(file), OpenAPI.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public List<Endpoint> endpoints() {
        return List.copyOf(endpoints);
    }

    /** The document itself, for what the endpoints do not say (the schemas of their bodies). */
    public OpenAPI document() {
        return document;
    }

    /**
     * Sends a request, checks the answer against the document, and requires the expected status
     * (the test's own expectation, which the document must also list).
     */
    public HttpApi.Response call(
            HttpApi api,
            String method,
            String path,
            Object body,
            String token,
            Map<String, String> headers,
            int expected) {
        HttpApi.Response response = check(method, path, api.send(method, path, body, token, headers));
        assertThat(response.status()).as(method + " " + path + ": " + response).isEqualTo(expected);
        return response;
    }

    /** Checks an answer against the document, and returns it. */
    public HttpApi.Response check(String method, String path, HttpApi.Response response) {
        check(method, path, response.status(), response.header("Content-Type"), response.text());
        return response;
    }

    /** Checks an answer given by its parts (a stream, which is never read to its end). */
    public void check(String method, String path, int status, String contentType, String body) {
        Endpoint endpoint = endpoint(method, path);
        String what = method + " " + path + " (" + endpoint.key() + ") answered " + status + " " + body;
        ApiResponse documented = endpoint.operation().getResponses().get(Integer.toString(status));
        assertThat(documented)
                .as(what + ", a status the document does not give for it (it gives "
                        + endpoint.operation().getResponses().keySet() + ")")
                .isNotNull();
        documented = resolve(documented);
        if (documented.getContent() == null || documented.getContent().isEmpty()) {
            assertThat(body == null || body.isEmpty())
                    .as(what + ": the document says this status has no body")
                    .isTrue();
        } else {
            assertThat(contentType).as(what + " without a Content-Type").isNotNull();
            String mediaType = contentType.split(";")[0].trim();
            assertThat(documented.getContent().keySet())
                    .as(what + " as " + mediaType)
                    .contains(mediaType);
        }
        answered.computeIfAbsent(endpoint.key(), k -> new TreeSet<>()).add(status);
    }

    /** Every operation of the document has been seen to succeed. */
    public void requireEveryOperationSucceeded() {
        List<String> never = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            Set<Integer> statuses = answered.getOrDefault(endpoint.key(), Set.of());
            if (statuses.stream().noneMatch(status -> status >= 200 && status < 300)) {
                never.add(endpoint.key());
            }
        }
        assertThat(never).as("operations the test never saw succeed").isEmpty();
    }

    /** Calls every operation that needs a token without one: each must answer its documented 401. */
    public void everySecuredOperationRefusesAnonymousCallers(HttpApi api) {
        for (Endpoint endpoint : endpoints) {
            if (endpoint.secured()) {
                String path = endpoint.withUnknownIds();
                Object body = endpoint.operation().getRequestBody() == null ? null : "{}";
                HttpApi.Response response = api.send(endpoint.method(), path, body, null, Map.of());
                assertThat(response.status())
                        .as(endpoint.key() + " " + response)
                        .isEqualTo(401);
                check(endpoint.method(), path, response);
            }
        }
    }

    /**
     * Calls every operation that takes no body on ids nobody has: each must answer 404, or 403 where
     * the caller may not ask at all, as documented.
     */
    public void unknownIdsAreNotFound(HttpApi api, String token) {
        for (Endpoint endpoint : endpoints) {
            if (endpoint.pathVariables().isEmpty() || endpoint.operation().getRequestBody() != null) {
                continue;
            }
            String path = endpoint.withUnknownIds();
            HttpApi.Response response = api.send(endpoint.method(), path, null, token, Map.of());
            assertThat(response.status()).as(endpoint.key() + " " + response).isIn(403, 404);
            check(endpoint.method(), path, response);
        }
    }

    private ApiResponse resolve(ApiResponse response) {
        if (response.get$ref() == null) {
            return response;
        }
        String name = response.get$ref().substring(response.get$ref().lastIndexOf('/') + 1);
        return document.getComponents().getResponses().get(name);
    }

    private Endpoint endpoint(String method, String path) {
        String bare = path.split("\\?")[0];
        for (Endpoint endpoint : endpoints) {
            if (endpoint.method().equalsIgnoreCase(method)
                    && template(endpoint.path()).matcher(bare).matches()) {
                return endpoint;
            }
        }
        throw new AssertionError(method + " " + bare + " is not an operation of the document");
    }

    private static Pattern template(String path) {
        return Pattern.compile(Pattern.quote(path).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q"));
    }
}
