package io.travya.trip.readmodel;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.core.io.ClassPathResource;

/**
 * The projector's Lua, as one Redis function library ({@code FUNCTION LOAD}, {@code FCALL}): Redis
 * persists and replicates a library with the data (RDB, AOF, replicas), so unlike the script cache
 * (EVALSHA) it is not lost while the read models stay. The library's name, and each function's,
 * carry a hash of its code: a trip-service of another version loads its own library beside this one
 * rather than replacing the code this one calls.
 *
 * <p>It is loaded ({@code FUNCTION LOAD REPLACE}, idempotent for the same code) before the first call,
 * and again whenever Redis answers that a function is missing: a Redis that lost its functions but
 * kept its keys had them flushed by an operator, or is a master that took over slots (resharding)
 * without them. In a Redis Cluster it is loaded on every master, after asking the cluster for its
 * current masters: Lettuce's cluster client sends {@code FUNCTION LOAD} to one node only (it sends
 * SCRIPT LOAD to all), and a replica receives the library from its master.
 */
final class ReadModelFunctions {

    /** A function of the library and what its calls return (a number, or a list). */
    record Function(String suffix, ScriptOutputType output) {}

    private static final String LIBRARY = "travya_readmodel";
    private static final String NAME = "{library}";

    /** The library of this trip-service's code. */
    static final ReadModelFunctions LIBRARY_OF_THIS_VERSION = new ReadModelFunctions();

    final Function trip;
    final Function booking;
    final Function conversation;
    final Function contributions;
    private final String library;
    private final String code;

    private ReadModelFunctions() {
        // written with a placeholder for the library's name, which is the hash of what is written
        StringBuilder body = new StringBuilder(text("library.lua"));
        trip = register(body, "trip", true, ScriptOutputType.MULTI, "contributions.lua", "apply-trip-event.lua");
        booking =
                register(body, "booking", true, ScriptOutputType.MULTI, "contributions.lua", "apply-booking-event.lua");
        conversation = register(body, "conversation", true, ScriptOutputType.INTEGER, "apply-conversation-event.lua");
        contributions = register(body, "contributions", false, ScriptOutputType.INTEGER, "apply-contributions.lua");
        library = LIBRARY + "_" + hash(body.toString());
        code = "#!lua name=" + library + "\n" + body.toString().replace(NAME, library);
    }

    /** The name a function is called by. */
    String name(Function function) {
        return library + "_" + function.suffix();
    }

    /**
     * Registers the scripts (figures.lua, then these) as the body of one function; an ordered one
     * first checks the event before it in its batch took effect (library.lua).
     */
    private static Function register(
            StringBuilder library, String suffix, boolean ordered, ScriptOutputType output, String... scripts) {
        library.append("\nredis.register_function('")
                .append(NAME)
                .append('_')
                .append(suffix)
                .append("', ")
                .append(ordered ? "ordered(" : "(")
                .append("function(KEYS, ARGV)\n")
                .append(text("figures.lua"));
        for (String script : scripts) {
            library.append('\n').append(text(script));
        }
        library.append("\nend))\n");
        return new Function(suffix, output);
    }

    /** Whether Redis refused a call because it does not have the function (FCALL's "Function not found"). */
    static boolean missing(Object result) {
        return refusedWith(result, "ERR Function not found");
    }

    /** Whether an ordered call was refused because the event before it in its batch did not take effect. */
    static boolean unordered(Object result) {
        return refusedWith(result, "UNORDERED");
    }

    private static boolean refusedWith(Object result, String error) {
        return result instanceof RedisCommandExecutionException refused
                && refused.getMessage() != null
                && refused.getMessage().startsWith(error);
    }

    /**
     * Loads the library on Redis, or on every master of the Redis Cluster as it is now; on a
     * connection of its own, which it closes, as it is needed once at the start and rarely after.
     */
    void load(AbstractRedisClient client) {
        if (client instanceof RedisClusterClient cluster) {
            cluster.refreshPartitions(); // a master that joined or took over since the last load
            try (StatefulRedisClusterConnection<String, String> connection = cluster.connect(StringCodec.UTF8)) {
                for (RedisClusterNode node : connection.getPartitions()) {
                    if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                        connection.getConnection(node.getNodeId()).sync().functionLoad(code, true);
                    }
                }
            }
        } else {
            try (StatefulRedisConnection<String, String> connection =
                    ((RedisClient) client).connect(StringCodec.UTF8)) {
                connection.sync().functionLoad(code, true);
            }
        }
    }

    /** The library's name. */
    String library() {
        return library;
    }

    private static String text(String script) {
        try {
            return new ClassPathResource("readmodel/" + script).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("The read-model script " + script + " is missing", e);
        }
    }

    private static String hash(String code) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(code.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is a JDK standard algorithm", e);
        }
    }
}
