package io.travya.platform.tracing;

import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.Transport;
import org.springframework.context.annotation.Bean;
import org.springframework.util.StringUtils;

/**
 * Spans leave the process over OTLP/HTTP when {@code management.opentelemetry.tracing.export.otlp.endpoint}
 * (MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT) names a collector when the service starts, with
 * Boot's other {@code ...otlp.*} settings (timeout, compression, headers).
 *
 * <p>In place of Boot's {@code OtlpTracingAutoConfiguration} (excluded in the platform's defaults): Boot
 * defines its exporter only under a condition on the endpoint, and the services start from the bean
 * definitions Spring AOT generated at build time, where conditions were evaluated once and no collector
 * is named, so a collector named at deployment would never get a span. This bean is always defined and
 * reads the setting at start; without an endpoint it is the SDK's exporter that exports nothing.
 */
@AutoConfiguration
@ConditionalOnClass(OtlpHttpSpanExporter.class)
@EnableConfigurationProperties(OtlpTracingProperties.class)
public class TracingExportAutoConfiguration {

    @Bean
    SpanExporter otlpSpanExporter(OtlpTracingProperties otlp, ObjectProvider<MeterProvider> meterProvider) {
        return spanExporter(otlp, meterProvider.getIfAvailable());
    }

    static SpanExporter spanExporter(OtlpTracingProperties otlp, MeterProvider meterProvider) {
        if (!StringUtils.hasText(otlp.getEndpoint())) {
            return SpanExporter.composite();
        }
        if (otlp.getTransport() == Transport.GRPC) {
            // the services carry the JDK's HTTP sender only (no gRPC channel, no OkHttp)
            throw new IllegalStateException(
                    "management.opentelemetry.tracing.export.otlp.transport: only http is supported, not grpc");
        }
        OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder()
                .setEndpoint(otlp.getEndpoint())
                .setTimeout(otlp.getTimeout())
                .setConnectTimeout(otlp.getConnectTimeout())
                .setCompression(otlp.getCompression().name().toLowerCase(Locale.ROOT));
        otlp.getHeaders().forEach(builder::addHeader);
        if (meterProvider != null) {
            builder.setMeterProvider(meterProvider);
        }
        return builder.build();
    }
}
