package io.travya.tools.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Latencies recorded with microsecond resolution up to a minute; percentiles in milliseconds. */
final class Latencies {

    private final Histogram histogram = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(1), 3);

    void recordNanos(long nanos) {
        histogram.recordValue(Math.min(Math.max(nanos / 1000, 1), TimeUnit.MINUTES.toMicros(1)));
    }

    long count() {
        return histogram.getTotalCount();
    }

    double percentileMillis(double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMillis() {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0;
    }
}
