package io.travya.trip.user;

import java.time.Instant;
import java.util.UUID;

/**
 * Published (in-process) when a user's sessions must end: their password changed, they were
 * deactivated or their account was erased. Whoever keeps sessions ends them once the change is committed.
 */
public record SessionsRevoked(UUID userId, Instant tokensIssuedBefore) {

    // tokensIssuedBefore: the user's access tokens issued before it are refused too (a password change);
    // null when they are refused for another reason (the account is inactive or gone)
    public SessionsRevoked(UUID userId) {
        this(userId, null);
    }
}
