package io.travya.trip.user;

import java.util.UUID;

/**
 * Published (in-process) when a user's sessions must end: their password changed, they were
 * deactivated or their account was erased. Whoever keeps sessions ends them once the change is committed.
 */
public record SessionsRevoked(UUID userId) {}
