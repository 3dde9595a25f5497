package io.travya.platform.events;

import io.travya.events.EventTopic;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which topics a service publishes and reads, and how they are created.
 *
 * @param topicPrefix joined to each topic's name: {@code travya} gives {@code travya.trips}; tests use a
 *     prefix of their own so that they never meet a running stack's events
 * @param produces the topics this service publishes: created at start-up, their schemas registered
 * @param consumes the topics this service reads: their dead-letter topics are created at start-up
 * @param deadLetterRetention how long a dead-lettered record is kept for someone to look at
 */
@ConfigurationProperties("travya.events")
public record EventsProperties(
        @DefaultValue("travya") String topicPrefix,
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue List<EventTopic> produces,
        @DefaultValue List<EventTopic> consumes,
        @DefaultValue("14d") Duration deadLetterRetention) {}
