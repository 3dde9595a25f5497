package io.travya.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.Transport;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class TracingExportAutoConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TracingExportAutoConfiguration.class));

    private HttpServer collector;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startCollector() throws IOException {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            received.add(exchange.getRequestMethod() + " "
                    + exchange.getRequestHeaders().getFirst("X-Tenant"));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
    }

    @AfterEach
    void stopCollector() {
        collector.stop(0);
    }

    @Test
    void aCollectorNamedWhenTheServiceStartsGetsItsSpans() {
        context.withPropertyValues(
                        "management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:"
                                + collector.getAddress().getPort() + "/v1/traces",
                        "management.opentelemetry.tracing.export.otlp.headers.X-Tenant=travya")
                .run(started -> {
                    SpanExporter exporter = started.getBean(SpanExporter.class);
                    assertThat(exporter).isInstanceOf(OtlpHttpSpanExporter.class);
                    try (SdkTracerProvider tracing = SdkTracerProvider.builder()
                            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                            .build()) {
                        tracing.get("test")
                                .spanBuilder("create trip")
                                .startSpan()
                                .end();
                        tracing.forceFlush().join(10, TimeUnit.SECONDS);
                    }
                    assertThat(received).containsExactly("POST travya");
                });
    }

    @Test
    void withoutACollectorNoSpanLeavesTheProcess() {
        context.run(started -> assertThat(started.getBean(SpanExporter.class))
                .isNotInstanceOf(OtlpHttpSpanExporter.class)
                .hasToString(SpanExporter.composite().toString()));
    }

    @Test
    void grpcIsRefusedByName() {
        OtlpTracingProperties otlp = new OtlpTracingProperties();
        otlp.setEndpoint("http://collector:4317");
        otlp.setTransport(Transport.GRPC);

        assertThatThrownBy(() -> TracingExportAutoConfiguration.spanExporter(otlp, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("management.opentelemetry.tracing.export.otlp.transport");
    }
}
