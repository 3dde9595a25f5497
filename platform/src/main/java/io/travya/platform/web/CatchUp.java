package io.travya.platform.web;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits, briefly, for a copy that events keep (a replica, a read model) to reach a state a client
 * has said it expects ({@link ExpectedTripVersion}). The wait is bounded in time, and only a few
 * requests wait at once: the others answer from what the copy holds, so requests that name a state
 * which never comes cannot take every request thread.
 */
public final class CatchUp {

    private static final long POLL_MILLIS = 25;

    private final long patienceNanos;
    private final Semaphore waiting;

    public CatchUp(Duration patience, int maxWaiting) {
        this.patienceNanos = patience.toNanos();
        this.waiting = new Semaphore(maxWaiting);
    }

    /** What {@code probe} answers once {@code reached} holds for it, or when the wait ends. */
    public <T> T until(Supplier<T> probe, Predicate<T> reached) {
        T value = probe.get();
        if (reached.test(value) || !waiting.tryAcquire()) {
            return value;
        }
        try {
            long deadline = System.nanoTime() + patienceNanos;
            while (!reached.test(value) && System.nanoTime() < deadline) {
                Thread.sleep(POLL_MILLIS);
                value = probe.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting.release();
        }
        return value;
    }
}
