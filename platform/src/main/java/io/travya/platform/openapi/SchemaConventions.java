package io.travya.platform.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** The schema rules of {@link ApiConventions}. */
final class SchemaConventions {

    private static final String REF_PREFIX = "#/components/schemas/";

    private SchemaConventions() {}

    static void apply(OpenAPI api) {
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        Set<String> requests = new HashSet<>();
        Set<String> responses = new HashSet<>();
        api.getPaths()
                .values()
                .forEach(item -> item.readOperations().forEach(operation -> {
                    if (operation.getRequestBody() != null) {
                        collect(operation.getRequestBody().getContent(), schemas, requests);
                    }
                    parameters(operation).forEach(p -> collect(p.getSchema(), schemas, requests));
                    operation.getResponses().forEach((code, response) -> {
                        if (code.startsWith("2")) {
                            collect(response.getContent(), schemas, responses);
                        }
                    });
                }));
        schemas.forEach((name, schema) -> {
            if (responses.contains(name) && !requests.contains(name) && schema.getProperties() != null) {
                schema.setRequired(new ArrayList<>(schema.getProperties().keySet()));
            }
        });
        // OpenAPI 3.0 takes nullable only beside a type (swagger-core would turn a typed wrapper back
        // into a bare $ref): a nullable object reference (NullableObject) gets its type here
        schemas.values()
                .forEach(schema -> walk(schema, s -> {
                    if (Boolean.TRUE.equals(s.getNullable()) && s.getType() == null && s.getAllOf() != null) {
                        s.setType("object");
                    }
                }));
        Consumer<Schema<?>> ecma = SchemaConventions::ecmaPattern;
        schemas.values().forEach(schema -> walk(schema, ecma));
        api.getPaths()
                .values()
                .forEach(item -> item.readOperations()
                        .forEach(operation -> parameters(operation).forEach(p -> walk(p.getSchema(), ecma))));
    }

    private static List<Parameter> parameters(Operation operation) {
        return operation.getParameters() == null ? List.of() : operation.getParameters();
    }

    private static void collect(Content content, Map<String, Schema> schemas, Set<String> names) {
        if (content != null) {
            content.values().forEach(media -> collect(media.getSchema(), schemas, names));
        }
    }

    /** The names of the component schemas a schema refers to, directly or not. */
    private static void collect(Schema<?> schema, Map<String, Schema> schemas, Set<String> names) {
        walk(schema, s -> {
            if (s.get$ref() != null && s.get$ref().startsWith(REF_PREFIX)) {
                String name = s.get$ref().substring(REF_PREFIX.length());
                if (names.add(name) && schemas.containsKey(name)) {
                    collect(schemas.get(name), schemas, names);
                }
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static void walk(Schema<?> schema, Consumer<Schema<?>> visit) {
        if (schema == null) {
            return;
        }
        visit.accept(schema);
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(p -> walk(p, visit));
        }
        walk(schema.getItems(), visit);
        if (schema.getAdditionalProperties() instanceof Schema<?> values) {
            walk(values, visit);
        }
        for (List<Schema> composed : new List[] {schema.getAllOf(), schema.getOneOf(), schema.getAnyOf()}) {
            if (composed != null) {
                composed.forEach(s -> walk(s, visit));
            }
        }
    }

    /**
     * Bean Validation matches a Java pattern against the whole value; JSON Schema matches an ECMA 262
     * pattern anywhere in it. Anchors the pattern, and spells the Java-only constructs Travya uses
     * ({@code (?s)}, {@code \p{Cntrl}}) the ECMA way.
     */
    private static void ecmaPattern(Schema<?> schema) {
        String pattern = schema.getPattern();
        if (pattern == null || pattern.startsWith("^")) {
            return;
        }
        String ecma = pattern.replace("\\p{Cntrl}", "\\x00-\\x1F\\x7F");
        if (ecma.startsWith("(?s)")) {
            // dot-all: '.' matches line breaks too
            ecma = ecma.substring(4).replace(".", "[\\s\\S]");
        }
        schema.setPattern("^(?:" + ecma + ")$");
    }
}
