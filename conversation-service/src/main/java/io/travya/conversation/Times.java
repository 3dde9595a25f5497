package io.travya.conversation;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** PostgreSQL keeps microseconds: so does every timestamp Travya writes, so events and rows agree. */
public final class Times {

    private Times() {}

    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
