package io.travya.trip.user;

import java.util.UUID;

/**
 * Published (in-process) when the user logs out of one session. Whoever keeps sessions ends it before
 * the change commits, so that the session cannot outlive its SessionEnded event.
 */
public record SessionEnded(UUID userId, UUID sessionId) {}
