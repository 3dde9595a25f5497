package io.travya.platform.openapi;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.travya.platform.security.Caller;
import io.travya.platform.security.ResourceServerProperties;
import io.travya.platform.web.ExpectedTripVersion;
import java.time.LocalTime;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnResource;
import org.springframework.context.annotation.Bean;

/**
 * What every service's OpenAPI document shares: the conventions of the API (snake_case, problem
 * details, bearer tokens, paging, money), the error responses every operation can give, and serving
 * the document that the build checked in ({@code <service>/src/main/openapi/<service>.yaml}) rather
 * than computing it from the code on the first request.
 */
@AutoConfiguration
public class OpenApiAutoConfiguration {

    static final String BEARER = "bearer";

    static {
        // the authenticated caller is resolved from the token, not sent by the client
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
        // what Jackson writes and reads for a LocalTime, where swagger-core would say only "string"
        SpringDocUtils.getConfig()
                .replaceWithSchema(
                        LocalTime.class,
                        new StringSchema()
                                .description("A time of day, HH:MM or HH:MM:SS")
                                .pattern("^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,9})?)?$")
                                .example("09:30"));
    }

    /** OpenAPI shows the JSON the API speaks: snake_case (swagger-core has its own Jackson 2 mapper). */
    @Bean
    ModelResolver snakeCaseModelResolver() {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    }

    @Bean
    OpenAPI travyaOpenApi(@Value("${spring.application.name}") String service) {
        return new OpenAPI()
                .info(new Info().title("Travya " + service).version("v1").description(CONVENTIONS))
                // relative: the document describes the service that serves it, wherever it runs
                .addServersItem(new Server().url("/").description("the service that serves this document"))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")
                                        .description("An access token from trip-service's POST /api/v1/auth/login "
                                                + "or /refresh (RS256, verified against /.well-known/jwks.json)")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /**
     * A property that says {@code @Schema(nullable = true)} is documented nullable even when its type's
     * schema is replaced (LocalTime above): swagger-core then drops the property's annotation, and the
     * document claimed that {@code "start_time": null}, which the service takes, was refused.
     */
    @Bean
    PropertyCustomizer nullableReplacedTypes() {
        return (property, type) -> {
            boolean nullable = type.getCtxAnnotations() != null
                    && java.util.Arrays.stream(type.getCtxAnnotations())
                            .anyMatch(annotation ->
                                    annotation instanceof io.swagger.v3.oas.annotations.media.Schema s && s.nullable());
            if (!nullable || property == null || Boolean.TRUE.equals(property.getNullable())) {
                return property;
            }
            // the replaced schema is one instance shared by every property of the type: change a copy
            Schema<?> copy = io.swagger.v3.core.util.AnnotationsUtils.clone(property, false);
            copy.setNullable(true);
            return copy;
        };
    }

    /** See {@link NullableObject}. */
    @Bean
    PropertyCustomizer nullableObjects() {
        return (property, type) -> {
            NullableObject nullable = type.getCtxAnnotations() == null
                    ? null
                    : java.util.Arrays.stream(type.getCtxAnnotations())
                            .filter(NullableObject.class::isInstance)
                            .map(NullableObject.class::cast)
                            .findFirst()
                            .orElse(null);
            if (nullable == null || property == null) {
                return property;
            }
            String ref = property.get$ref() != null
                    ? property.get$ref()
                    : property.getName() == null ? null : "#/components/schemas/" + property.getName();
            if (ref == null) {
                property.setNullable(true);
                return property;
            }
            Schema<Object> wrapper = new Schema<>();
            wrapper.setNullable(true);
            wrapper.setDescription(nullable.value().isEmpty() ? null : nullable.value());
            wrapper.addAllOfItem(new Schema<>().$ref(ref));
            return wrapper;
        };
    }

    @Bean
    ApiConventions travyaApiConventions(ResourceServerProperties security) {
        return new ApiConventions(security.publicPaths());
    }

    /** Present once the service's document has been generated and checked in (see README.md). */
    @Bean
    @ConditionalOnResource(resources = PublishedApiDocument.LOCATION)
    PublishedApiDocument publishedApiDocument(@Value("${spring.application.name}") String service) {
        return new PublishedApiDocument(service);
    }

    private static final String CONVENTIONS = """
            Conventions shared by every Travya service:

            - JSON field names are snake_case. A field the API does not know, or a value of another \
            JSON type or format than documented (a number for an enum or a date), is refused with 422 \
            naming the field; enums, dates and times are strings, numbers and booleans JSON numbers \
            and booleans.
            - Every refusal is an RFC 9457 problem (`application/problem+json`); where fields are at \
            fault, `errors` names each one. A request that cannot be read (a body that is not JSON, a \
            bad percent-encoding) gets 400, well-formed requests that break a rule 422.
            - Every date is between 1900-01-01 and 9999-12-31.
            - Everything but registration, login, refresh, logout and the key set needs a bearer access \
            token (`Authorization: Bearer …`).
            - Someone who may not see a trip gets 404 for it and everything under it, never 403, so ids \
            cannot be probed; someone who may see it but not do what they asked gets 403.
            - Lists take optional `skip` (default 0) and `limit` (default 20, at most 100) and answer \
            `{"data": [...], "count": N}`, `count` being the total across all pages.
            - Money is a decimal with two fraction digits, written as a JSON number (`1800.00`), in \
            requests too. Dates are `YYYY-MM-DD`, times \
            `HH:MM[:SS]`, timestamps ISO 8601 in UTC.
            - Changeable resources carry a `version`, also sent as the `ETag` header; `If-Match` with \
            that ETag makes a change fail with 412 if someone else changed the resource first.
            """;

    /** Services that keep a replica of trip access document the header that makes them wait for it. */
    @Bean
    @ConditionalOnProperty("travya.trip-access.enabled")
    OperationCustomizer expectedTripVersionHeader() {
        return (operation, handler) -> operation.addParametersItem(new HeaderParameter()
                .name(ExpectedTripVersion.HEADER)
                .required(false)
                .description("The version of the trip (its ETag from trip-service) the answer must reflect:"
                        + " the request waits, briefly, until this service has learnt of it. Without it the"
                        + " service answers from what it knows.")
                .schema(new StringSchema().example("\"3\"")));
    }
}
