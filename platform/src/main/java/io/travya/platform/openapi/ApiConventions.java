package io.travya.platform.openapi;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.travya.platform.web.FieldIssue;
import io.travya.platform.web.ProblemResponses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.AntPathMatcher;

/**
 * Completes every service's document with what the services do alike, so that controllers annotate
 * only what is their own:
 *
 * <ul>
 *   <li>the error responses an operation can give by its shape (401 unless public, 404 with a path
 *       variable, 400/415/422 with a body, 400/422 with query parameters, 500 always), each an
 *       {@code application/problem+json} {@link #PROBLEM} with an example, and the same content for
 *       every error response a controller declares;
 *   <li>security: the public paths of {@code travya.security.public-paths} need no token;
 *   <li>schemas: every property of a response is required (Jackson writes every one, null or not:
 *       {@code spring.jackson.default-property-inclusion=always}); Bean Validation's Java patterns
 *       become ECMA 262 patterns.
 * </ul>
 */
public class ApiConventions implements OpenApiCustomizer {

    static final String PROBLEM = "Problem";
    static final String FIELD_ISSUE = "FieldIssue";
    static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    /** The shared responses, by status: name, and what it means in every Travya service. */
    private static final Map<Integer, String[]> STANDARD = Map.of(
            400,
            new String[] {
                "BadRequest",
                "Malformed: JSON that cannot be read, an unknown field, a value of the wrong type, or a "
                        + "query parameter that is not valid; `errors` names each field"
            },
            401,
            new String[] {"Unauthorized", "No access token, or one that is invalid, expired or of a deactivated user"},
            404,
            new String[] {
                "NotFound",
                "It does not exist, or the caller may not see it (someone who may not see a trip gets 404 for "
                        + "everything under it, never 403); an id that is not a UUID names nothing either"
            },
            415,
            new String[] {"UnsupportedMediaType", "The body is not `application/json`"},
            422,
            new String[] {"UnprocessableContent", "Well formed but breaks a rule; `errors` names each field at fault"},
            500,
            new String[] {"InternalServerError", "An unexpected failure; `incident` identifies it in the service's log"
            });

    /** The order in which a reader meets the resources. */
    private static final List<String> TAG_ORDER = List.of(
            "Auth",
            "Users",
            "Trips",
            "Itineraries",
            "Collaborators",
            "Read models",
            "Bookings",
            "Conversations",
            "Messages");

    private final List<String> publicPaths;
    private final AntPathMatcher paths = new AntPathMatcher();

    ApiConventions(List<String> publicPaths) {
        this.publicPaths = List.copyOf(publicPaths);
    }

    @Override
    public void customise(OpenAPI api) {
        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        api.setComponents(components);
        Set<Integer> used = new LinkedHashSet<>();
        api.getPaths()
                .forEach((path, item) -> operations(item).forEach((method, operation) -> {
                    boolean open = isPublic(path);
                    if (open) {
                        operation.setSecurity(List.of());
                    }
                    addStandardErrors(operation, open, used);
                    operation.getResponses().forEach((code, response) -> {
                        if (isError(code) && response.get$ref() == null) {
                            // the case a controller describes is what its example shows
                            response.setContent(problemContent(Integer.parseInt(code), response.getDescription()));
                        }
                    });
                }));
        components.addSchemas(FIELD_ISSUE, fieldIssueSchema());
        components.addSchemas(PROBLEM, problemSchema());
        for (int status : new java.util.TreeSet<>(used)) {
            String[] standard = STANDARD.get(status);
            components.addResponses(standard[0], standardResponse(status, standard[1]));
        }
        SchemaConventions.apply(api);
        if (api.getTags() != null) {
            api.getTags()
                    .sort(java.util.Comparator.comparingInt(tag -> TAG_ORDER.indexOf(tag.getName()) < 0
                            ? TAG_ORDER.size()
                            : TAG_ORDER.indexOf(tag.getName())));
        }
        api.getComponents().setResponses(new TreeMap<>(components.getResponses()));
        api.getComponents().setSchemas(new TreeMap<>(components.getSchemas()));
    }

    private boolean isPublic(String path) {
        return publicPaths.stream().anyMatch(pattern -> paths.match(pattern, path));
    }

    private static void addStandardErrors(Operation operation, boolean open, Set<Integer> used) {
        ApiResponses responses = operation.getResponses();
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        boolean body = operation.getRequestBody() != null;
        boolean query = parameters.stream().anyMatch(p -> "query".equals(p.getIn()));
        boolean pathVariable = parameters.stream().anyMatch(p -> "path".equals(p.getIn()));
        List<Integer> statuses = new ArrayList<>();
        if (body || query) {
            statuses.add(400);
            statuses.add(422);
        }
        if (!open) {
            statuses.add(401);
        }
        if (pathVariable) {
            statuses.add(404);
        }
        if (body) {
            statuses.add(415);
        }
        statuses.add(500);
        for (int status : statuses) {
            String code = Integer.toString(status);
            if (!responses.containsKey(code)) {
                responses.addApiResponse(
                        code, new ApiResponse().$ref("#/components/responses/" + STANDARD.get(status)[0]));
                used.add(status);
            }
        }
    }

    private static boolean isError(String code) {
        return code.length() == 3 && (code.startsWith("4") || code.startsWith("5"));
    }

    private static Map<PathItem.HttpMethod, Operation> operations(PathItem item) {
        return item.readOperationsMap();
    }

    private static ApiResponse standardResponse(int status, String description) {
        ApiResponse response = new ApiResponse().description(description).content(problemContent(status, null));
        if (status == 401) {
            response.addHeaderObject(
                    "WWW-Authenticate",
                    new Header()
                            .description("`Bearer realm=\"travya\"`, or `Bearer error=\"invalid_token\"` when a token "
                                    + "was sent")
                            .schema(new StringSchema()));
        }
        return response;
    }

    static Content problemContent(int status, String detail) {
        return new Content()
                .addMediaType(
                        PROBLEM_JSON,
                        new MediaType()
                                .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))
                                .example(example(status, detail)));
    }

    /** An example built the way the services build problems, so that it has their exact shape. */
    private static Map<String, Object> example(int status, String described) {
        HttpStatus http = HttpStatus.valueOf(status);
        List<FieldIssue> issues = switch (status) {
            case 400 -> List.of(new FieldIssue("start_date", "must be a date (YYYY-MM-DD), not \"soon\""));
            case 422 -> List.of(new FieldIssue("title", "must not be blank"));
            default -> List.of();
        };
        String detail = described != null && status != 400 && status != 422
                ? described
                : switch (status) {
                    case 400 -> "start_date must be a date (YYYY-MM-DD), not \"soon\"";
                    case 401 -> "An access token is required";
                    case 403 -> "Viewers may read this trip but not change it";
                    case 404 -> "Trip not found";
                    case 409 -> "Someone else changed this at the same time; read it again and retry";
                    case 412 -> "The trip has changed since version 3 (now 4); read it again and retry";
                    case 415 -> "Content-Type 'text/plain' is not supported";
                    case 422 -> "title must not be blank";
                    case 429 -> "Too many attempts; retry later";
                    case 503 -> "The read models are being built from the event log; retry in a moment";
                    default -> "Unexpected failure";
                };
        ProblemDetail problem = ProblemResponses.problem(http, detail, issues);
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", problem.getType().toString());
        example.put("title", problem.getTitle());
        example.put("status", problem.getStatus());
        example.put("detail", problem.getDetail());
        if (problem.getProperties() != null) {
            problem.getProperties()
                    .forEach((name, value) -> example.put(name, Json.mapper().convertValue(value, Object.class)));
        }
        if (status == 500) {
            example.put("incident", "0b8f3a52-58a5-4c1c-9a8e-4b6f9a3e2d10");
        }
        return example;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> fieldIssueSchema() {
        // from the class the services write, so that the document follows it
        Schema schema = ModelConverters.getInstance().readAll(FieldIssue.class).get(FieldIssue.class.getSimpleName());
        schema.setDescription("One reason a request was refused: the JSON field (or query parameter, or header) "
                + "and what is wrong with it");
        schema.setRequired(new ArrayList<>(schema.getProperties().keySet()));
        return schema;
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details, as every Travya service answers every refusal")
                .addProperty(
                        "type",
                        new StringSchema()
                                .format("uri")
                                .description("Names the kind of problem: `https://travya.io/problems/` and the "
                                        + "status's reason phrase in kebab case")
                                .example("https://travya.io/problems/unprocessable-content"))
                .addProperty(
                        "title",
                        new StringSchema()
                                .description("The status's reason phrase")
                                .example("Unprocessable Content"))
                .addProperty(
                        "status",
                        new IntegerSchema()
                                .format("int32")
                                .minimum(java.math.BigDecimal.valueOf(400))
                                .maximum(java.math.BigDecimal.valueOf(599))
                                .description("The HTTP status")
                                .example(422))
                .addProperty(
                        "detail",
                        new StringSchema()
                                .description("What went wrong, for a person to read")
                                .example("title must not be blank"))
                .addProperty(
                        "instance", new StringSchema().format("uri-reference").description("The request's path"))
                .addProperty(
                        "errors",
                        new ArraySchema()
                                .items(new Schema<>().$ref("#/components/schemas/" + FIELD_ISSUE))
                                .description("Each field at fault, when fields are at fault"))
                .addProperty(
                        "incident",
                        new StringSchema()
                                .format("uuid")
                                .description("500 only: identifies the failure in the service's log"))
                .required(List.of("type", "title", "status"));
    }
}
