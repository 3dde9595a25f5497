package io.travya.platform.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * How every service speaks HTTP: strict JSON in, problem details (RFC 9457) out for every refusal,
 * whichever layer makes it — a controller, Spring MVC, a servlet filter, Spring Security's firewall,
 * the error page or Tomcat itself.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@Import(ApiErrors.class)
@EnableConfigurationProperties(WebProperties.class)
public class WebAutoConfiguration {

    /**
     * JSON is taken as typed, as the API documents it: a number or a boolean where text, an enum, a
     * date or a time is expected, text where a number or a boolean is expected, a fraction where an
     * integer is expected, an array for a date — all are refused (422 naming the field), never guessed
     * at. Jackson would otherwise read {@code "trip_type": 1} as the second enum constant and
     * {@code "start_date": 12345} as a day counted from 1970.
     */
    @Bean
    JsonMapperBuilderCustomizer strictJsonTypes() {
        return builder -> builder
                // no scalar from another kind of scalar: numbers, booleans, dates and times
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                // text is not a scalar to Jackson, so text from a number is refused here
                .withCoercionConfig(
                        LogicalType.Textual,
                        config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .addModule(
                        new SimpleModule("travya-string-only-values").setDeserializerModifier(new StringOnlyValues()))
                .addModule(new SimpleModule("travya-well-formed-text").setDeserializerModifier(new WellFormedText()));
    }

    @Bean
    ShutdownDrain shutdownDrain(WebProperties properties) {
        return new ShutdownDrain(properties.shutdownDrain());
    }

    @Bean
    ProblemWriter problemWriter(JsonMapper json) {
        return new ProblemWriter(json);
    }

    /** Boot's error page answers its own JSON or HTML; this one answers problem+json. */
    @Bean
    ProblemErrorController problemErrorController(ProblemWriter problems) {
        return new ProblemErrorController(problems);
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(WebProperties properties, ProblemWriter problems) {
        var registration = new FilterRegistrationBean<>(
                new RequestBodyLimit(properties.maxRequestBody().toBytes(), problems));
        // first of all, before anything reads the body
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    @Bean
    FilterRegistrationBean<QueryStringCheck> queryStringCheck(ProblemWriter problems) {
        var registration = new FilterRegistrationBean<>(new QueryStringCheck(problems));
        // before the security filters (-100), which read parameters too
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
        return registration;
    }

    /** Tomcat's own refusals (a request line or headers too long, an encoded slash, %00) as problem+json. */
    @Bean
    @ConditionalOnClass(TomcatServletWebServerFactory.class)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve(ProblemWriter problems) {
        return new ProblemReportValve.Installer(problems);
    }

    @Bean
    WebMvcConfigurer enumQueryParameters() {
        return new WebMvcConfigurer() {
            @Override
            public void addFormatters(FormatterRegistry registry) {
                registry.addConverterFactory(new EnumQueryParameters());
            }
        };
    }
}
