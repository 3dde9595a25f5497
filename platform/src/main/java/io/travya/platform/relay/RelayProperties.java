package io.travya.platform.relay;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The outbox relay: Debezium's embedded engine reading the service's outbox from the WAL and
 * publishing it to Kafka.
 *
 * @param jdbcUrl the service's database (host, port and database are taken from it)
 * @param username a role with REPLICATION and SELECT on the outbox, and DML on the offsets table
 * @param slotName the logical replication slot; it keeps the WAL until the relay has published it
 * @param publicationName the publication of the outbox table (created by the platform changelog)
 * @param offsetsTable Debezium's JDBC offset store, in the service's schema
 * @param offsetFlushInterval how often acknowledged positions are saved; after a crash about this much,
 *     and what was in flight, is published again (consumers are idempotent). An idle outbox marks its
 *     last acknowledged records at the next heartbeat
 * @param pollInterval Debezium's poll.interval.ms: how long its streaming thread sleeps once the WAL
 *     stream has been empty five reads in a row, so the longest an event committed meanwhile waits
 *     before the relay reads it. Shorter is fresher, and costs an idle relay CPU (see OutboxRelay)
 * @param leadershipCheckInterval how often a standby tries to take over, and the leader checks it
 *     still holds its lock: with the engine's start (about a second), what a failover takes after the
 *     leader's connection dies (the fleet's requirement is 5 s)
 * @param maxRestartBackoff the longest wait between two restarts of a failed engine
 * @param maxInFlight how many records may wait for Kafka's acknowledgement while the engine reads on;
 *     beyond that it waits (back-pressure). Debezium's queue (max.queue.size) holds 8192 more
 * @param backlogInterval how often each replica counts the outbox rows not yet relayed (the gauge
 *     travya.relay.backlog.events); a scrape reads the last count
 * @param engine extra Debezium properties, for tuning
 * @param producer extra Kafka producer properties, for tuning
 */
@ConfigurationProperties("travya.relay")
public record RelayProperties(
        @DefaultValue("true") boolean enabled,
        String jdbcUrl,
        String username,
        String password,
        String kafkaBootstrapServers,
        String slotName,
        String publicationName,
        String offsetsTable,
        @DefaultValue("1s") Duration offsetFlushInterval,
        @DefaultValue("25ms") Duration pollInterval,
        @DefaultValue("1s") Duration leadershipCheckInterval,
        @DefaultValue("10s") Duration heartbeatInterval,
        @DefaultValue("60s") Duration maxRestartBackoff,
        @DefaultValue("8192") int maxInFlight,
        @DefaultValue("15s") Duration backlogInterval,
        @DefaultValue Map<String, String> engine,
        @DefaultValue Map<String, String> producer) {}
