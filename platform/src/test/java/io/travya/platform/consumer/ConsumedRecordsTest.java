package io.travya.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.travya.platform.test.TestTracing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A batch listener's records each continue the trace of the change that caused them. */
class ConsumedRecordsTest {

    private final TestTracing tracing = new TestTracing();
    private final ConsumedRecords consumed = new ConsumedRecords(tracing.tracer(), tracing.propagator());

    @Test
    void eachRecordOfABatchIsHandledInTheTraceItsTraceparentHeaderNames() {
        String first = "4bf92f3577b34da6a3ce929d0e0e4736";
        String second = "0af7651916cd43dd8448eb211c80319c";

        consumed.handled(List.of(
                record("00-" + first + "-00f067aa0ba902b7-01"), record("00-" + second + "-b7ad6b7169203331-01")));

        assertThat(tracing.endedSpans()).extracting(SpanData::getTraceId).containsExactly(first, second);
        assertThat(tracing.endedSpans())
                .extracting(span -> span.getParentSpanContext().getSpanId())
                .containsExactly("00f067aa0ba902b7", "b7ad6b7169203331");
    }

    @Test
    void aRecordWithoutTraceparentStartsATraceOfItsOwn() {
        consumed.handled(List.of(record(null)));

        assertThat(tracing.endedSpans()).hasSize(1);
        assertThat(tracing.endedSpans().get(0).getParentSpanContext().isValid()).isFalse();
    }

    private static ConsumerRecord<String, Object> record(String traceparent) {
        ConsumerRecord<String, Object> record = new ConsumerRecord<>("test.trips", 0, 7, "key", "value");
        if (traceparent != null) {
            record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }
}
