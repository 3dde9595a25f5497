package io.travya.platform.access;

import io.travya.events.TripEvent;
import org.springframework.kafka.annotation.KafkaListener;

/** Feeds travya.trips into the replica, in per-trip order (the topic is keyed by trip id). */
public class TripAccessProjection {

    private final TripAccessReplica replica;

    public TripAccessProjection(TripAccessReplica replica) {
        this.replica = replica;
    }

    @KafkaListener(
            id = "${spring.application.name}.trip-access",
            topics = "${travya.events.topic-prefix}.trips",
            groupId = "${travya.consumer.group-prefix:}${spring.application.name}.trip-access",
            concurrency = "${travya.trip-access.concurrency:2}")
    void on(TripEvent event) {
        replica.apply(event);
    }
}
