package io.travya.trip.readmodel;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisFunctionAsyncCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.log.LogAccessor;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Runs many function calls in one round trip to Redis: every call of a batch is written to its
 * connection before the first reply is awaited (Lettuce's manual flushing), on connections of their
 * own, so that holding back the flush never delays anybody else's command. Redis executes the
 * commands of one connection in the order they were written, so the calls of a lane take effect in
 * the batch's order, as one call after the other did.
 *
 * <p>A call belongs to a lane (the projector's: the record's partition), and a lane always goes
 * through the same one of a few connections (as many as a generation has consumers): each connection
 * is served by one of Lettuce's I/O threads, so several threads share the encoding and the TLS of a
 * busy projector, while the order within a partition stays one connection's order.
 *
 * <p>A call names a function of the read models' library ({@link ReadModelFunctions}; FCALL). The
 * library is loaded before the first call, and again when Redis refuses a call because it lacks the
 * function; then the calls it refused, and the calls the library refused because the event before
 * them in their batch was among those (library.lua's {@code ordered}), are sent again, in their order.
 * A call refused again stays a failure in its place: the caller fails the batch from there.
 */
@Component
class ScriptPipeline implements DisposableBean {

    /**
     * One function call: its lane (calls of one lane take effect in their order), the keys it touches
     * (in one hash slot: in Redis Cluster, Lettuce sends the call to the node that holds the slot of
     * its first key) and its arguments. Its result is the function's number, or its list for a
     * function that returns one.
     */
    record Call(ReadModelFunctions.Function function, int lane, String[] keys, String[] args) {}

    private static final LogAccessor LOG = new LogAccessor(ScriptPipeline.class);

    private final ReadModelFunctions library = ReadModelFunctions.LIBRARY_OF_THIS_VERSION;
    private final LettuceConnectionFactory redis;
    private final Lane[] lanes;
    // the client that loaded the library last (a restarted context has a new one)
    private volatile AbstractRedisClient loadedBy;

    ScriptPipeline(LettuceConnectionFactory redis, @Value("${travya.projections.concurrency:3}") int connections) {
        this.redis = redis;
        this.lanes = new Lane[Math.max(1, connections)];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane();
        }
    }

    /**
     * Runs the calls, each lane's in order (in Redis Cluster: each lane's calls to a node in order);
     * the result of each is its function's number or list, or the exception it failed with. A failed call does not stop
     * the calls after it: Redis has them already (a caller that needs to know which took effect looks
     * at their results).
     */
    List<Object> run(List<Call> calls) {
        AbstractRedisClient client = redis.getRequiredNativeClient();
        loadOnce(client);
        List<Object> results = new ArrayList<>(await(send(calls)));
        List<Integer> refused = new ArrayList<>();
        boolean missing = false;
        for (int i = 0; i < results.size(); i++) {
            boolean lacking = ReadModelFunctions.missing(results.get(i));
            missing |= lacking;
            if (lacking || ReadModelFunctions.unordered(results.get(i))) {
                refused.add(i);
            }
        }
        if (missing) {
            // the refused calls had no effect, nor had any later call of their aggregates (ordered):
            // once the library is back, they are sent again, each lane's in its order
            try {
                library.load(client);
            } catch (RuntimeException unloaded) {
                // the calls stay refused, the caller fails the batch from the first: retried, it loads again
                LOG.warn(unloaded, () -> "Could not load the read models' library " + library.library());
                loadedBy = null;
                return results;
            }
            List<Object> again = await(send(refused.stream().map(calls::get).toList()));
            for (int i = 0; i < refused.size(); i++) {
                results.set(refused.get(i), again.get(i));
            }
        }
        return results;
    }

    /** Loads the library before the first call of a Redis client (a restarted context has a new one). */
    private void loadOnce(AbstractRedisClient client) {
        if (loadedBy == client) {
            return;
        }
        synchronized (this) { // the first batches of several consumers load it once
            if (loadedBy != client) {
                library.load(client);
                loadedBy = client;
            }
        }
    }

    /** Writes each lane's calls to its connection, then flushes them. */
    private List<RedisFuture<Object>> send(List<Call> calls) {
        List<RedisFuture<Object>> futures = new ArrayList<>(calls.size());
        List<List<Integer>> byConnection = new ArrayList<>(lanes.length);
        for (int i = 0; i < lanes.length; i++) {
            byConnection.add(new ArrayList<>());
        }
        for (int i = 0; i < calls.size(); i++) {
            byConnection.get(Math.floorMod(calls.get(i).lane(), lanes.length)).add(i);
            futures.add(null);
        }
        for (int i = 0; i < lanes.length; i++) {
            if (!byConnection.get(i).isEmpty()) {
                lanes[i].send(calls, byConnection.get(i), futures);
            }
        }
        return futures;
    }

    /** Each call's result or failure; a call not answered within the connection's timeout failed. */
    private List<Object> await(List<RedisFuture<Object>> futures) {
        long deadline = System.nanoTime()
                + redis.getClientConfiguration().getCommandTimeout().toNanos();
        List<Object> results = new ArrayList<>(futures.size());
        for (RedisFuture<Object> future : futures) {
            try {
                results.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                results.add(e.getCause() instanceof Exception cause ? cause : e);
            } catch (TimeoutException e) {
                results.add(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                results.add(e);
            }
        }
        return results;
    }

    @Override
    public void destroy() {
        for (Lane lane : lanes) {
            lane.close();
        }
    }

    /** One connection of the pipeline, and the lanes that go through it. */
    private final class Lane {

        // guarded by "this", which also keeps a batch's commands together on the connection
        private StatefulConnection<String, String> connection;
        private RedisFunctionAsyncCommands<String, String> commands;

        synchronized void send(List<Call> calls, List<Integer> indexes, List<RedisFuture<Object>> futures) {
            RedisFunctionAsyncCommands<String, String> functions = commands();
            try {
                for (int i : indexes) {
                    Call call = calls.get(i);
                    futures.set(
                            i,
                            functions.fcall(
                                    library.name(call.function()),
                                    call.function().output(),
                                    call.keys(),
                                    call.args()));
                }
            } finally {
                connection.flushCommands();
            }
        }

        /**
         * Connects on first use, not at start-up, so trip-service starts while Redis is unreachable;
         * and again when the connection was closed, as it is when Spring stops its Redis client (a
         * stopped context can be started again, with a new client).
         */
        private RedisFunctionAsyncCommands<String, String> commands() {
            if (connection != null && connection.isOpen()) {
                return commands;
            }
            if (connection != null) {
                connection.close();
            }
            // Spring's client, so the pipeline reaches Redis with the same address, credentials and TLS
            AbstractRedisClient client = redis.getRequiredNativeClient();
            if (client instanceof RedisClusterClient cluster) {
                StatefulRedisClusterConnection<String, String> clustered = cluster.connect(StringCodec.UTF8);
                connection = clustered;
                commands = clustered.async();
            } else {
                StatefulRedisConnection<String, String> standalone = ((RedisClient) client).connect(StringCodec.UTF8);
                connection = standalone;
                commands = standalone.async();
            }
            // commands wait in Lettuce's buffer until send() has written all of a batch
            connection.setAutoFlushCommands(false);
            return commands;
        }

        synchronized void close() {
            if (connection != null) {
                connection.close();
            }
        }
    }
}
