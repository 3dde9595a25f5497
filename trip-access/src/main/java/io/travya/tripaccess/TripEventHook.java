package io.travya.tripaccess;

import io.travya.events.TripEvent;
import java.util.List;

/**
 * Lets a service react to a trip event in the same transaction in which its replica of trip access
 * applies it. Called once per trip version: an event delivered again, or older than what the replica
 * holds, is not passed on. This is how a trip's deletion removes what hangs off it exactly once.
 */
public interface TripEventHook {

    void applied(TripEvent event);

    /**
     * The events of one poll that the replica applied, in their order, after the replica's own rows
     * (every trip's newest state): by default each passed to {@link #applied}; a hook that writes for
     * every event can send the poll's rows together instead.
     */
    default void appliedAll(List<TripEvent> events) {
        events.forEach(this::applied);
    }
}
