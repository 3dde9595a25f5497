package io.travya.platform.relay;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

@AutoConfiguration
@ConditionalOnProperty("travya.schema")
@EnableConfigurationProperties(RelayProperties.class)
public class RelayAutoConfiguration {

    /**
     * Always defined, and started unless {@code travya.relay.enabled=false}: a condition on that switch
     * would be decided once, when Spring AOT generated the services' bean definitions at build time.
     */
    @Bean
    OutboxRelay outboxRelay(
            RelayProperties properties,
            @Value("${travya.schema}") String schema,
            @Value("${spring.application.name}") String service,
            MeterRegistry meters) {
        return new OutboxRelay(properties, schema, service, meters);
    }

    @Bean
    OutboxBacklog relayOutboxBacklog(
            JdbcClient jdbc, RelayProperties properties, @Value("${travya.schema}") String schema) {
        return new OutboxBacklog(jdbc, schema, properties.backlogInterval());
    }

    @Bean
    SlotBacklog relaySlotBacklog(JdbcClient jdbc, RelayProperties properties) {
        return new SlotBacklog(jdbc, properties.slotName());
    }
}
