package io.travya.trip.access;

/**
 * What someone may do with a trip: the owner and editors write, viewers read. The services that
 * authorise from their replica have the same three roles in trip-access's {@code TripRole}; this one is
 * trip-service's own, read from its tables, so that trip-service needs nothing of what it publishes.
 */
public enum TripRole {
    OWNER,
    EDITOR,
    VIEWER;

    public boolean mayWrite() {
        return this != VIEWER;
    }
}
