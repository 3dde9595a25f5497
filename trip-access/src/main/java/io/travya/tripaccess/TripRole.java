package io.travya.tripaccess;

/** What someone may do with a trip: the owner and editors write, viewers read. */
public enum TripRole {
    OWNER,
    EDITOR,
    VIEWER;

    public boolean mayWrite() {
        return this != VIEWER;
    }
}
