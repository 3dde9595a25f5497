package io.travya.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Waiting for a copy to catch up: only until it has, and only a few requests at once. */
class CatchUpTest {

    @Test
    void whatIsAlreadyThereIsAnsweredWithoutWaiting() {
        CatchUp catchUp = new CatchUp(Duration.ofMinutes(1), 1);
        AtomicInteger probes = new AtomicInteger();

        String answer = catchUp.until(() -> "v" + probes.incrementAndGet(), value -> true);

        assertThat(answer).isEqualTo("v1");
        assertThat(probes).hasValue(1);
    }

    @Test
    void aWaitEndsAsSoonAsTheExpectedStateArrives() {
        CatchUp catchUp = new CatchUp(Duration.ofMinutes(1), 1);
        AtomicInteger probes = new AtomicInteger();

        int answer = catchUp.until(probes::incrementAndGet, value -> value == 3);

        assertThat(answer).isEqualTo(3);
    }

    @Test
    void aWaitEndsAtTheBoundWithWhatTheCopyHolds() {
        CatchUp catchUp = new CatchUp(Duration.ofMillis(100), 1);

        String answer = catchUp.until(() -> "old", value -> value.equals("new"));

        assertThat(answer).isEqualTo("old");
    }

    @Test
    void whenAsManyRequestsAsAllowedAreWaitingTheNextIsAnsweredAtOnce() throws Exception {
        CatchUp catchUp = new CatchUp(Duration.ofMinutes(1), 1);
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicBoolean arrived = new AtomicBoolean();
        AtomicInteger firstProbes = new AtomicInteger();
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> catchUp.until(
                () -> {
                    // probed again only once it holds the permit and waits
                    if (firstProbes.incrementAndGet() == 2) {
                        waiting.countDown();
                    }
                    return arrived.get();
                },
                value -> value));
        assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();
        AtomicInteger probes = new AtomicInteger();

        String second = catchUp.until(() -> "as held, probe " + probes.incrementAndGet(), value -> false);

        assertThat(second).isEqualTo("as held, probe 1");
        arrived.set(true);
        assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
    }
}
