package io.travya.trip.readmodel;

import io.travya.events.EventTopic;
import io.travya.platform.events.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Which build ("generation") of the read models is served, and how a new one replaces it.
 *
 * <p>Each generation is filled by its own consumer group, reading travya.trips, travya.bookings and
 * travya.conversations from the beginning (the topics keep every event). A generation becomes
 * <em>ready</em> once its consumers have caught up with the end of every partition; until then
 * reads are refused (503) rather than answered with partial numbers. A rebuild fills a new
 * generation beside the one served, which keeps being read and kept up to date, and switches to
 * it with one atomic step once it has caught up. If Redis loses the read models, a new generation
 * is started the same way.
 *
 * <p>Every replica checks once a second which generation is current and runs that generation's
 * consumers; the replica that was asked to rebuild also runs the new one until the switch.
 */
@Component
class ReadModelGenerations implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReadModelGenerations.class);

    // switch only if the generation served is still the one the rebuild replaces; one key, as the
    // generation's ready marker and the rebuild request are in other hash slots (Redis Cluster)
    private static final RedisScript<Long> SWITCH = RedisScript.of("""
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[1], ARGV[2])
            return 1
            """, Long.class);
    // forget the rebuild request once it is done (not one made since)
    private static final RedisScript<Long> DONE = RedisScript.of("""
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            return redis.call('DEL', KEYS[1])
            """, Long.class);

    private final StringRedisTemplate redis;
    private final ReadModelKeys keys;
    private final Projector projector;
    private final ConcurrentKafkaListenerContainerFactory<Object, Object> containers;
    private final KafkaAdmin kafkaAdmin;
    private final List<String> topics;
    private final String groupPrefix;
    private final int concurrency;
    // guarded by "this"; a new one at each start, as a stopped context may be started again (Spring's
    // test contexts are, when a test needs one that was paused)
    private ScheduledExecutorService supervisor;

    private volatile boolean running;
    private Admin admin;
    // guarded by "this": the consumers this replica runs, by generation
    private final Map<String, ConcurrentMessageListenerContainer<Object, Object>> consumers = new HashMap<>();
    private String served;
    private String building;

    ReadModelGenerations(
            StringRedisTemplate redis,
            ReadModelKeys keys,
            Projector projector,
            ConcurrentKafkaListenerContainerFactory<Object, Object> containers,
            KafkaAdmin kafkaAdmin,
            TopicNames topicNames,
            @Value("${travya.consumer.group-prefix:}") String groupPrefix,
            @Value("${travya.projections.concurrency:3}") int concurrency) {
        this.redis = redis;
        this.keys = keys;
        this.projector = projector;
        this.containers = containers;
        this.kafkaAdmin = kafkaAdmin;
        this.topics = List.of(
                topicNames.of(EventTopic.TRIPS),
                topicNames.of(EventTopic.BOOKINGS),
                topicNames.of(EventTopic.CONVERSATIONS));
        this.groupPrefix = groupPrefix;
        this.concurrency = concurrency;
    }

    /** Asks every replica to rebuild the read models into a fresh generation; returns its name. */
    String requestRebuild() {
        String generation = newGenerationName();
        redis.opsForValue().set(keys.rebuildRequest(), generation);
        return generation;
    }

    /** The generation served now, if any. */
    String current() {
        return redis.opsForValue().get(keys.current());
    }

    boolean isReady(String generation) {
        return Boolean.TRUE.equals(redis.hasKey(keys.ready(generation)));
    }

    @Override
    public synchronized void start() {
        admin = Admin.create(kafkaAdmin.getConfigurationProperties());
        running = true;
        // not reconcile(): Redis out of reach at start (a connection that timed out on a busy machine)
        // must not stop the service; the supervisor tries again every second, and reads answer 503
        supervise();
        supervisor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "read-model-generations");
            thread.setDaemon(true);
            return thread;
        });
        supervisor.scheduleWithFixedDelay(this::supervise, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (supervisor != null) {
            supervisor.shutdownNow();
        }
        consumers.values().forEach(ConcurrentMessageListenerContainer::stop);
        consumers.clear();
        // nothing runs now: a start again (a test context resumed from Spring's cache) runs the
        // generation served, and any rebuild, again, from their groups' committed offsets
        served = null;
        building = null;
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // after the web server and the Kafka listener containers
        return Integer.MAX_VALUE - 50;
    }

    private void supervise() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            log.warn("Read model supervision failed; trying again in a second: {}", e.toString());
        }
    }

    private synchronized void reconcile() {
        if (!running) {
            return;
        }
        String current = redis.opsForValue().get(keys.current());
        if (current == null) {
            // a fresh Redis, or one that lost the read models: build them again from the topics
            String generation = newGenerationName();
            if (Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(keys.current(), generation))) {
                log.info("No read models in Redis: building generation {} from the topics", generation);
            }
            current = redis.opsForValue().get(keys.current());
        }
        if (!ReadModelKeys.inThisLayout(current)
                && building == null
                && Boolean.TRUE.equals(
                        redis.opsForValue().setIfAbsent(keys.rebuildRequest(), ReadModelKeys.newGeneration()))) {
            // built in an older key layout, which is not read (503): rebuilt from the topics into this one
            log.info("The read models of generation {} are in an older key layout: rebuilding them", current);
        }
        if (!current.equals(served)) {
            String previous = served;
            run(current);
            served = current;
            if (current.equals(building)) {
                building = null;
            }
            if (previous != null) {
                retire(previous);
            }
        }
        if (!isReady(served) && caughtUp(served)) {
            redis.opsForValue().set(keys.ready(served), "1");
            log.info("Read models of generation {} are complete and served", served);
        }
        String requested = redis.opsForValue().get(keys.rebuildRequest());
        if (requested != null && requested.equals(served)) {
            redis.execute(DONE, List.of(keys.rebuildRequest()), requested); // switched before it was forgotten
        } else if (requested != null && building == null) {
            log.info("Rebuilding the read models into generation {} while {} is served", requested, served);
            building = requested;
            run(requested);
        }
        if (building != null && caughtUp(building)) {
            // ready before served: a crash in between leaves a complete generation marked ready
            redis.opsForValue().set(keys.ready(building), "1");
            Long switched = redis.execute(SWITCH, List.of(keys.current()), served, building);
            redis.execute(DONE, List.of(keys.rebuildRequest()), building);
            if (Long.valueOf(1).equals(switched)) {
                log.info("Switched the read models from generation {} to {}", served, building);
                String previous = served;
                served = building;
                building = null;
                retire(previous);
            }
        }
    }

    private void run(String generation) {
        if (consumers.containsKey(generation)) {
            return;
        }
        String prefix = keys.of(generation);
        ConcurrentMessageListenerContainer<Object, Object> container =
                containers.createContainer(topics.toArray(String[]::new));
        container.getContainerProperties().setGroupId(group(generation));
        // a batch listener: a poll's events go to Redis in one round trip (Projector.applyAll)
        container.getContainerProperties().setMessageListener((BatchMessageListener<Object, Object>)
                records -> projector.applyAll(prefix, records));
        container.setConcurrency(concurrency);
        container.setBeanName("read-models-" + generation);
        container.start();
        consumers.put(generation, container);
    }

    /** Stops the consumers of a generation no longer served and removes its keys, in the background. */
    private void retire(String generation) {
        ConcurrentMessageListenerContainer<Object, Object> container = consumers.remove(generation);
        if (container != null) {
            container.stop();
        }
        Thread cleaner = new Thread(
                () -> {
                    long removed = 0;
                    try (Cursor<String> cursor = redis.scan(ScanOptions.scanOptions()
                            .match(keys.of(generation) + "*")
                            .count(1000)
                            .build())) {
                        List<String> batch = new ArrayList<>();
                        while (cursor.hasNext()) {
                            batch.add(cursor.next());
                            if (batch.size() == 1000) {
                                removed += redis.unlink(batch);
                                batch.clear();
                            }
                        }
                        if (!batch.isEmpty()) {
                            removed += redis.unlink(batch);
                        }
                    }
                    redis.delete(keys.ready(generation));
                    log.info("Removed {} keys of the retired read model generation {}", removed, generation);
                },
                "read-model-cleaner");
        cleaner.setDaemon(true);
        cleaner.start();
    }

    /** Whether the generation's consumer group has committed the end offset of every partition. */
    private boolean caughtUp(String generation) {
        try {
            Map<String, TopicDescription> described = new HashMap<>();
            for (String topic : topics) {
                try {
                    described.putAll(
                            admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                }
            }
            Set<TopicPartition> partitions = described.values().stream()
                    .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                    .collect(Collectors.toSet());
            if (partitions.isEmpty()) {
                return true;
            }
            Map<TopicPartition, OffsetSpec> latest =
                    partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group(generation))
                    .partitionsToOffsetAndMetadata()
                    .get(5, TimeUnit.SECONDS);
            for (TopicPartition partition : partitions) {
                long end = ends.get(partition).offset();
                OffsetAndMetadata done = committed.get(partition);
                if (end > 0 && (done == null || done.offset() < end)) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            log.debug("Could not measure the lag of generation {}: {}", generation, e.toString());
            return false;
        }
    }

    private String group(String generation) {
        return groupPrefix + "trip-service.read-models." + generation;
    }

    private static String newGenerationName() {
        return ReadModelKeys.newGeneration();
    }

    Collection<String> runningGenerations() {
        synchronized (this) {
            return List.copyOf(consumers.keySet());
        }
    }
}
