package io.travya.platform.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;

/**
 * A Micrometer timer of how long an event took from its {@code occurred_at} (stamped inside the
 * transaction that wrote it) to some later effect: Kafka's acknowledgement, a read model, a replica.
 * Published as a histogram, so dashboards and the bench can take any percentile.
 */
public final class SinceCommit {

    private final Timer timer;

    public SinceCommit(MeterRegistry meters, String name, String description, String... tags) {
        this.timer = Timer.builder(name)
                .description(description)
                .tags(tags)
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .register(meters);
    }

    /** Records the time from {@code occurredAt} to now; an event without the timestamp is not timed. */
    public void record(Instant occurredAt) {
        if (occurredAt != null) {
            timer.record(Duration.between(occurredAt, Instant.now()));
        }
    }
}
