package io.travya.trip.readmodel;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Runs many script calls in one round trip to Redis: every call of a batch is written to the
 * connection before the first reply is awaited (Lettuce's manual flushing), on a connection of its
 * own, so that holding back the flush never delays anybody else's command. Redis executes the
 * commands of one connection in the order they were written, so the calls of a batch take effect in
 * the batch's order, as one call after the other did.
 *
 * <p>A call names its script by SHA-1 (EVALSHA), not by its text: the apply scripts are several
 * kilobytes each. When Redis no longer knows a script (it restarted, or its script cache was
 * flushed) the calls it refused are sent again, in their order, with the script's text (EVAL), which
 * also puts the script back in the cache.
 */
@Component
class ScriptPipeline implements DisposableBean {

    /**
     * One script call: the keys it touches (in one hash slot: in Redis Cluster, Lettuce sends the call
     * to the node that holds the slot of its first key) and its arguments. Its result is the script's
     * number, or its list for a script that returns one.
     */
    record Call(RedisScript<?> script, String[] keys, String[] args) {

        ScriptOutputType output() {
            return List.class.isAssignableFrom(script.getResultType())
                    ? ScriptOutputType.MULTI
                    : ScriptOutputType.INTEGER;
        }
    }

    private final LettuceConnectionFactory redis;
    // guarded by "this", which also keeps a batch's commands together on the connection
    private StatefulConnection<String, String> connection;
    private RedisScriptingAsyncCommands<String, String> commands;

    ScriptPipeline(LettuceConnectionFactory redis) {
        this.redis = redis;
    }

    /**
     * Runs the calls in order (in Redis Cluster: the calls of each node in order); the result of each
     * is its script's number or list, or the exception it failed with. A failed call does not stop the calls after it: Redis has them already (a caller that
     * needs to know which took effect looks at their results).
     */
    List<Object> run(List<Call> calls) {
        List<Object> results = new ArrayList<>(await(send(calls, false)));
        List<Integer> refused = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) instanceof RedisNoScriptException) {
                refused.add(i);
            }
        }
        if (!refused.isEmpty()) {
            // the refused calls of a script follow each other until the script is back in the cache,
            // which only this connection does unless another client loads it in the same instant
            List<Object> again = await(send(refused.stream().map(calls::get).toList(), true));
            for (int i = 0; i < refused.size(); i++) {
                results.set(refused.get(i), again.get(i));
            }
        }
        return results;
    }

    private synchronized List<RedisFuture<Object>> send(List<Call> calls, boolean withText) {
        RedisScriptingAsyncCommands<String, String> scripting = commands();
        List<RedisFuture<Object>> futures = new ArrayList<>(calls.size());
        try {
            for (Call call : calls) {
                futures.add(
                        withText
                                ? scripting.<Object>eval(
                                        call.script().getScriptAsString(), call.output(), call.keys(), call.args())
                                : scripting.<Object>evalsha(
                                        call.script().getSha1(), call.output(), call.keys(), call.args()));
            }
        } finally {
            connection.flushCommands();
        }
        return futures;
    }

    /** Each call's result or failure; a call not answered within the connection's timeout failed. */
    private List<Object> await(List<RedisFuture<Object>> futures) {
        long deadline = System.nanoTime() + connectionTimeoutNanos();
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

    private synchronized long connectionTimeoutNanos() {
        return connection.getTimeout().toNanos();
    }

    /**
     * Connects on first use, not at start-up, so trip-service starts while Redis is unreachable; and
     * again when the connection was closed, as it is when Spring stops its Redis client (a stopped
     * context can be started again, with a new client).
     */
    private RedisScriptingAsyncCommands<String, String> commands() {
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

    @Override
    public synchronized void destroy() {
        if (connection != null) {
            connection.close();
        }
    }
}
