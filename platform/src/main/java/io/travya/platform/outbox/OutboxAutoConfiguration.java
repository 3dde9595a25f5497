package io.travya.platform.outbox;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.travya.platform.events.AvroEventSerializer;
import io.travya.platform.events.EventsAutoConfiguration;
import io.travya.platform.events.TopicNames;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

@AutoConfiguration(after = EventsAutoConfiguration.class)
@ConditionalOnProperty("travya.schema")
public class OutboxAutoConfiguration {

    @Bean
    OutboxWriter outboxWriter(
            JdbcClient jdbc,
            AvroEventSerializer serializer,
            TopicNames topics,
            @Value("${travya.schema}") String schema,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator) {
        // without tracing (management.tracing.enabled=false) rows carry no trace context
        return new OutboxWriter(
                jdbc,
                serializer,
                topics,
                schema,
                tracer.getIfAvailable(() -> Tracer.NOOP),
                propagator.getIfAvailable(() -> Propagator.NOOP));
    }
}
