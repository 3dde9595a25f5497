package io.travya.platform.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The relay's switch is read when the service starts, not when its bean definitions were generated. */
class RelaySwitchTest {

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RelayAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            // nothing listens there: a relay that started would fail the context making its slot
            .withBean(
                    JdbcClient.class,
                    () -> JdbcClient.create(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none")))
            .withPropertyValues(
                    "spring.application.name=trip-service",
                    "travya.schema=trips",
                    "travya.relay.jdbc-url=jdbc:postgresql://127.0.0.1:1/none",
                    "travya.relay.slot-name=trips_outbox");

    @Test
    void aRelaySwitchedOffIsDefinedButNeverStarts() {
        service.withPropertyValues("travya.relay.enabled=false").run(started -> {
            assertThat(started).hasNotFailed();
            OutboxRelay relay = started.getBean(OutboxRelay.class);
            assertThat(relay.isRunning()).isFalse();
            assertThat(relay.health().getStatus()).isEqualTo(Status.UNKNOWN);
            assertThat(relay.health().getDetails()).containsEntry("role", "disabled");
        });
    }

    @Test
    void aRelaySwitchedOnStartsWithTheService() {
        service.run(started -> assertThat(started)
                .as("it tried to make its replication slot at start")
                .hasFailed());
    }
}
