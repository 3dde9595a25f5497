package io.travya.trip.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TravyaIntegrationTest;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/** A poll's script calls, sent to Redis in one round trip. */
@TravyaIntegrationTest
class ScriptPipelineTest {

    @Autowired
    ScriptPipeline pipeline;

    @Autowired
    TestCorner corner;

    @Autowired
    StringRedisTemplate redis;

    @Test
    void callsOfAScriptRedisDoesNotKnowYetAreSentWithItsTextAndTakeEffectInTheirOrder() {
        // a script text no one has run before: its SHA-1 is new to Redis, which refuses EVALSHA (NOSCRIPT)
        RedisScript<Long> counting = RedisScript.of(
                "-- " + UUID.randomUUID() + "\n"
                        + "local n = redis.call('HINCRBY', KEYS[1], 'calls', 1)\n"
                        + "redis.call('HSET', KEYS[1], ARGV[1], n)\n"
                        + "return n",
                Long.class);
        String key = corner.name() + ":pipeline:" + UUID.randomUUID();
        List<ScriptPipeline.Call> calls = IntStream.rangeClosed(1, 200)
                .mapToObj(i -> new ScriptPipeline.Call(counting, new String[] {key}, new String[] {"call" + i}))
                .toList();

        List<Object> results = pipeline.run(calls);

        assertThat(results)
                .containsExactlyElementsOf(
                        IntStream.rangeClosed(1, 200).mapToObj(Long::valueOf).toList());
        assertThat(redis.opsForHash().get(key, "call1")).isEqualTo("1");
        assertThat(redis.opsForHash().get(key, "call200"))
                .as("each call saw the ones before it")
                .isEqualTo("200");
        assertThat(pipeline.run(calls.subList(0, 1)))
                .as("now known to Redis, by its SHA-1")
                .containsExactly(201L);
    }

    @Test
    void aCallThatFailsIsReportedInItsPlaceAndTheCallsAroundItStillRun() {
        RedisScript<Long> refusingBad = RedisScript.of(
                "if ARGV[1] == 'bad' then return redis.error_reply('refused ' .. ARGV[1]) end\n"
                        + "return redis.call('HINCRBY', KEYS[1], 'calls', 1)",
                Long.class);
        String key = corner.name() + ":pipeline:" + UUID.randomUUID();

        List<Object> results = pipeline.run(List.of(
                new ScriptPipeline.Call(refusingBad, new String[] {key}, new String[] {"good"}),
                new ScriptPipeline.Call(refusingBad, new String[] {key}, new String[] {"bad"}),
                new ScriptPipeline.Call(refusingBad, new String[] {key}, new String[] {"good"})));

        assertThat(results).hasSize(3);
        assertThat(results.get(0)).isEqualTo(1L);
        assertThat(results.get(1))
                .isInstanceOfSatisfying(
                        RedisCommandExecutionException.class,
                        failure -> assertThat(failure.getMessage()).contains("refused bad"));
        assertThat(results.get(2)).isEqualTo(2L);
    }
}
