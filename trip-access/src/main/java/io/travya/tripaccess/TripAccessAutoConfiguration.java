package io.travya.tripaccess;

import io.micrometer.core.instrument.MeterRegistry;
import io.travya.platform.consumer.ConsumedRecords;
import io.travya.platform.consumer.ConsumerAutoConfiguration;
import io.travya.platform.web.CatchUp;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The replica of trip access, for services that set {@code travya.trip-access.enabled=true}. */
@AutoConfiguration(after = ConsumerAutoConfiguration.class)
@ConditionalOnProperty("travya.trip-access.enabled")
@EnableConfigurationProperties(TripAccessProperties.class)
public class TripAccessAutoConfiguration {

    @Bean
    TripAccessReplica tripAccessReplica(
            JdbcOperations jdbc,
            TransactionTemplate transactions,
            List<TripEventHook> hooks,
            @Value("${travya.schema}") String schema) {
        return new TripAccessReplica(jdbc, transactions, hooks, schema);
    }

    @Bean
    TripAccessProjection tripAccessProjection(
            TripAccessReplica replica, MeterRegistry meters, ConsumedRecords consumed) {
        return new TripAccessProjection(replica, meters, consumed);
    }

    @Bean
    TripAccess tripAccess(JdbcClient jdbc, TripAccessProperties properties, @Value("${travya.schema}") String schema) {
        return new TripAccess(jdbc, new CatchUp(properties.catchUpWait(), properties.maxWaiting()), schema);
    }
}
