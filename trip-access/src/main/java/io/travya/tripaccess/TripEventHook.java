package io.travya.tripaccess;

import io.travya.events.TripEvent;

/**
 * Lets a service react to a trip event in the same transaction in which its replica of trip access
 * applies it. Called once per trip version: an event delivered again, or older than what the replica
 * holds, is not passed on. This is how a trip's deletion removes what hangs off it exactly once.
 */
public interface TripEventHook {

    void applied(TripEvent event);
}
