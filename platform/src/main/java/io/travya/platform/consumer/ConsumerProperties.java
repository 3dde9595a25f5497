package io.travya.platform.consumer;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How consumers retry before dead-lettering. Retries hold the partition, so they are few and short:
 * a transient failure (a database restart, a lock timeout) gets a handful of chances within a few
 * seconds, then the record goes to the dead-letter topic and the partition moves on.
 *
 * @param groupPrefix prefixed to every consumer group id (tests use their own)
 */
@ConfigurationProperties("travya.consumer")
public record ConsumerProperties(
        @DefaultValue("") String groupPrefix,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("200ms") Duration initialBackoff,
        @DefaultValue("2.0") double backoffMultiplier,
        @DefaultValue("2s") Duration maxBackoff) {

    public String group(String name) {
        return groupPrefix + name;
    }
}
