package io.travya.platform.consumer;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * One log line per consumed record, at DEBUG, under the trace of the change that caused it (its
 * {@code traceparent} header): {@code logging.level.io.travya.platform.consumer.ConsumedRecords=DEBUG}
 * shows which service handled which event of a request. A record listener runs inside spring-kafka's
 * observation, which already continues the record's trace; a batch listener, whose batch is one unit
 * of work, calls {@link #handled(List)} and gets a short span per record in that record's trace.
 */
public class ConsumedRecords implements RecordInterceptor<Object, Object> {

    private static final Logger log = LoggerFactory.getLogger(ConsumedRecords.class);
    private static final Propagator.Getter<Headers> HEADERS = (headers, key) -> {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    };

    private final Tracer tracer;
    private final Propagator propagator;

    public ConsumedRecords(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public ConsumerRecord<Object, Object> intercept(
            ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        logReceived(record);
        return record;
    }

    /** Records a batch listener has applied, each under its own trace. */
    public void handled(List<? extends ConsumerRecord<?, ?>> records) {
        for (ConsumerRecord<?, ?> record : records) {
            Span span = propagator
                    .extract(record.headers(), HEADERS)
                    .name(record.topic() + " process")
                    .kind(Span.Kind.CONSUMER)
                    .start();
            try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
                logReceived(record);
            } finally {
                span.end();
            }
        }
    }

    private static void logReceived(ConsumerRecord<?, ?> record) {
        if (log.isDebugEnabled()) {
            Header type = record.headers().lastHeader("event_type");
            log.debug(
                    "{} {}-{}@{} key {}",
                    type == null ? "record" : new String(type.value(), StandardCharsets.UTF_8),
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    record.key());
        }
    }
}
