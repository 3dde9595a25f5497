package io.travya.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** A consumer times its effect from the commit the relay stamped on the record, not from when it got it. */
class SinceCommitTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SinceCommit sinceCommit = new SinceCommit(meters, "test.commit.to.effect", "test");
    private final Timer timer = meters.get("test.commit.to.effect").timer();

    @Test
    void aRecordIsTimedFromTheCommitItsTimestampCarries() {
        long committed = Instant.now().minus(Duration.ofMinutes(1)).toEpochMilli();

        sinceCommit.record(record(committed, TimestampType.CREATE_TIME));

        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.SECONDS)).isBetween(60.0, 120.0);
    }

    @Test
    void aRecordTheBrokerStampedOrOneWithoutTimestampIsNotTimed() {
        sinceCommit.record(record(Instant.now().toEpochMilli(), TimestampType.LOG_APPEND_TIME));
        sinceCommit.record(record(ConsumerRecord.NO_TIMESTAMP, TimestampType.NO_TIMESTAMP_TYPE));

        assertThat(timer.count()).isZero();
    }

    private static ConsumerRecord<String, String> record(long timestamp, TimestampType type) {
        return new ConsumerRecord<>(
                "travya.trips", 0, 0L, timestamp, type, 0, 0, "key", "value", new RecordHeaders(), Optional.empty());
    }
}
