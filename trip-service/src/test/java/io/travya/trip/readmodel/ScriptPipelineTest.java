package io.travya.trip.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TravyaIntegrationTest;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A poll's function calls, sent to Redis in one round trip; here the calls of one conversation's
 * events (apply-conversation-event.lua: a conversation's version and message count).
 */
@TravyaIntegrationTest
class ScriptPipelineTest {

    @Autowired
    ScriptPipeline pipeline;

    @Autowired
    ReadModelKeys keys;

    @Autowired
    TestCorner corner;

    final String trip = UUID.randomUUID().toString();
    final UUID conversationId = UUID.randomUUID();
    String generation;
    String conversation;

    @BeforeEach
    void setUp() {
        generation = keys.of("test" + UUID.randomUUID());
        conversation = ReadModelKeys.ofTrip(generation, "conv", trip, conversationId);
    }

    @Test
    void callsOfALibraryRedisLostAreSentAgainOnceItIsLoadedAndTakeEffectInTheirOrder() {
        assertThat(pipeline.run(List.of(event(1, "", 1)))).containsExactly(1L);
        LostFunctions.flush(redisAsAdmin());
        List<ScriptPipeline.Call> calls = IntStream.rangeClosed(2, 200)
                .mapToObj(version -> event(version, Integer.toString(version - 1), version))
                .toList();

        List<Object> results = pipeline.run(calls);

        assertThat(results)
                .as("each took effect, none was skipped as older than one after it")
                .containsOnly(1L)
                .hasSize(199);
        assertThat(redisAsAdmin().<String, String>opsForHash().entries(conversation))
                .containsEntry("version", "200")
                .containsEntry("messages", "200");
        assertThat(redisAsAdmin().<String, String>opsForHash().entries(figures()))
                .containsEntry("conversations", "1")
                .containsEntry("messages", "200");
    }

    @Test
    void anEventWhoseEventBeforeItInTheBatchDidNotTakeEffectIsRefusedAndChangesNothing() {
        // version 3 says it follows version 2 in its batch, which never reached Redis
        List<Object> results = pipeline.run(List.of(event(1, "", 10), event(3, "2", 30), event(2, "1", 20)));

        assertThat(results).hasSize(3);
        assertThat(results.get(0)).isEqualTo(1L);
        assertThat(results.get(1))
                .isInstanceOfSatisfying(
                        RedisCommandExecutionException.class,
                        refused -> assertThat(refused.getMessage()).startsWith("UNORDERED"));
        assertThat(results.get(2)).as("the calls after a refused one still run").isEqualTo(1L);
        assertThat(redisAsAdmin().<String, String>opsForHash().entries(conversation))
                .containsEntry("version", "2")
                .containsEntry("messages", "20");
    }

    /** A call of the conversation's event of that version, after the batch's event of version {@code after}. */
    private ScriptPipeline.Call event(long version, String after, long messages) {
        return new ScriptPipeline.Call(
                ReadModelFunctions.LIBRARY_OF_THIS_VERSION.conversation,
                0,
                new String[] {conversation, figures(), ReadModelKeys.ofTrip(generation, "act", trip)},
                new String[] {after, Long.toString(version), "1", trip, Long.toString(messages), Long.toString(version)
                });
    }

    private String figures() {
        return ReadModelKeys.ofTrip(generation, "tc", trip);
    }

    StringRedisTemplate redisAsAdmin() {
        return corner.redisAsAdmin();
    }
}
