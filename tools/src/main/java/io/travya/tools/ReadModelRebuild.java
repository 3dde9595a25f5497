package io.travya.tools;

import java.time.Duration;
import java.time.Instant;

/**
 * Asks trip-service to rebuild every read model from the topics into a fresh key space, and waits
 * until it has switched to it. Reads keep being served from the current one meanwhile.
 */
public final class ReadModelRebuild {

    private final Settings settings;

    public ReadModelRebuild(Settings settings) {
        this.settings = settings;
    }

    /** Returns the new generation once it is served. */
    public String rebuild(Duration timeout) throws InterruptedException {
        try (Settings.ReadModelStore store = settings.readModelStore()) {
            var redis = store.redis();
            String root = settings.keyPrefix() + ":rm:";
            String before = redis.get(root + "current");
            // a generation's name starts with the letter of its key layout (trip-service's ReadModelKeys.LAYOUT)
            String generation = "s" + System.currentTimeMillis();
            redis.set(root + "rebuild", generation);
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                if (generation.equals(redis.get(root + "current"))) {
                    return generation;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("trip-service did not switch from generation " + before + " to "
                    + generation + " within " + timeout + " (is it running?)");
        }
    }
}
