package io.travya.tripaccess;

import io.micrometer.core.instrument.MeterRegistry;
import io.travya.events.TripEvent;
import io.travya.platform.consumer.ConsumedRecords;
import io.travya.platform.consumer.NonRetryableEventException;
import io.travya.platform.events.SinceCommit;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Feeds travya.trips into the replica, in per-trip order (the topic is keyed by trip id), a poll's
 * worth of events per transaction. If the batch fails, its events are applied one by one, so the
 * ones before the culprit are kept and only the culprit is retried and, at worst, dead-lettered.
 */
public class TripAccessProjection {

    private static final LogAccessor LOG = new LogAccessor(TripAccessProjection.class);

    private final TripAccessReplica replica;
    private final SinceCommit commitToReplica;
    private final ConsumedRecords consumed;

    public TripAccessProjection(TripAccessReplica replica, MeterRegistry meters, ConsumedRecords consumed) {
        this.replica = replica;
        this.consumed = consumed;
        this.commitToReplica = new SinceCommit(
                meters,
                "travya.trip-access.commit.to.replica",
                "From the commit of a trip event's transaction in trip-service to its effect committed in "
                        + "this service's replica of trip access");
    }

    @KafkaListener(
            id = "${spring.application.name}.trip-access",
            topics = "${travya.events.topic-prefix}.trips",
            groupId = "${travya.consumer.group-prefix:}${spring.application.name}.trip-access",
            concurrency = "${travya.trip-access.concurrency:2}",
            batch = "true")
    void on(List<ConsumerRecord<String, Object>> records) {
        List<TripEvent> events = new ArrayList<>(records.size());
        int unreadable = -1;
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).value() instanceof TripEvent event) {
                events.add(event);
            } else {
                unreadable = i; // could not be decoded: everything before it is applied, then it is dead-lettered
                break;
            }
        }
        try {
            replica.applyAll(events);
            records.subList(0, events.size()).forEach(commitToReplica::record);
        } catch (RuntimeException batchFailed) {
            for (int i = 0; i < events.size(); i++) {
                try {
                    replica.apply(events.get(i));
                    commitToReplica.record(records.get(i));
                } catch (RuntimeException failed) {
                    throw new BatchListenerFailedException(
                            "Could not apply " + events.get(i).getEventId(), failed, i);
                }
            }
        }
        // each applied record in its own trace (the request that caused it), as record listeners are
        consumed.handled(records.subList(0, events.size()));
        if (unreadable >= 0) {
            throw new BatchListenerFailedException(
                    "An event on travya.trips could not be read", whyUnreadable(records.get(unreadable)), unreadable);
        }
    }

    /** The decoding failure, so that the error handler dead-letters the record without retrying it. */
    private static Exception whyUnreadable(ConsumerRecord<String, Object> record) {
        DeserializationException failure = SerializationUtils.getExceptionFromHeader(
                record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
        return failure != null
                ? failure
                : new NonRetryableEventException(
                        "Not a TripEvent at offset " + record.offset() + ": " + record.value());
    }
}
