package io.travya.platform.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;

/**
 * A Micrometer timer of how long an event took from the commit of the transaction that wrote it to
 * some later effect: Kafka's acknowledgement, a read model, a replica. The relay knows the commit from
 * the WAL and stamps it on the record as the record's timestamp, so a consumer reads it there.
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

    /** Records the time from {@code committed} to now; an event without the time is not timed. */
    public void record(Instant committed) {
        if (committed != null) {
            timer.record(Duration.between(committed, Instant.now()));
        }
    }

    /**
     * Records the time from the commit of the record's transaction, its timestamp as the relay set it,
     * to now (to the millisecond: a Kafka timestamp has no finer unit). A record whose timestamp the
     * broker set instead (LogAppendTime) says nothing of the commit and is not timed.
     */
    public void record(ConsumerRecord<?, ?> record) {
        if (record.timestampType() == TimestampType.CREATE_TIME && record.timestamp() >= 0) {
            record(Instant.ofEpochMilli(record.timestamp()));
        }
    }
}
