package io.travya.tools.bench;

import io.travya.platform.test.HttpApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A latency timer the services export (a Micrometer timer with a percentile histogram), read from
 * /actuator/prometheus on the service's management port. Two scrapes bracket a scenario; the difference of their buckets is the
 * scenario's own distribution, from which percentiles are interpolated.
 */
final class PrometheusHistogram {

    /** Cumulative bucket counts by upper bound in seconds, and the total count. */
    record Snapshot(TreeMap<Double, Double> buckets) {

        Snapshot since(Snapshot earlier) {
            TreeMap<Double, Double> delta = new TreeMap<>();
            buckets.forEach((le, count) -> delta.put(le, count - earlier.buckets.getOrDefault(le, 0.0)));
            return new Snapshot(delta);
        }

        double count() {
            return buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
        }

        /** The percentile in milliseconds, interpolated within its bucket. */
        double percentileMillis(double percentile) {
            double total = count();
            if (total == 0) {
                return Double.NaN;
            }
            double rank = total * percentile / 100.0;
            double previousBound = 0;
            double previousCount = 0;
            for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
                if (bucket.getValue() >= rank) {
                    double bound = bucket.getKey().isInfinite() ? previousBound : bucket.getKey();
                    double inBucket = bucket.getValue() - previousCount;
                    double fraction = inBucket == 0 ? 1 : (rank - previousCount) / inBucket;
                    return (previousBound + (bound - previousBound) * fraction) * 1000;
                }
                previousBound = bucket.getKey();
                previousCount = bucket.getValue();
            }
            return previousBound * 1000;
        }

        /** An upper bound of the largest value: the bound of the highest bucket that received one. */
        double maxMillis() {
            double previous = 0;
            double bound = Double.NaN;
            for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
                if (bucket.getValue() > previous) {
                    bound = bucket.getKey();
                }
                previous = bucket.getValue();
            }
            return bound * 1000;
        }
    }

    private final HttpApi service;
    private final String metric;
    private final List<String> labels;

    /** @param labels label pairs the series must carry, e.g. {@code topic="trips"} */
    PrometheusHistogram(HttpApi service, String metric, String... labels) {
        this.service = service;
        this.metric = metric;
        this.labels = List.of(labels);
    }

    Snapshot scrape() {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        String text = service.get("/actuator/prometheus", null).text();
        for (String line : text.split("\n")) {
            if (!line.startsWith(metric + "_bucket{") || !labels.stream().allMatch(line::contains)) {
                continue;
            }
            String le = line.substring(line.indexOf("le=\"") + 4);
            le = le.substring(0, le.indexOf('"'));
            double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
            double count = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            buckets.merge(bound, count, Double::sum);
        }
        return new Snapshot(buckets);
    }

    static List<Double> bounds(Snapshot snapshot) {
        return new ArrayList<>(snapshot.buckets().keySet());
    }
}
