package io.travya.trip.auth;

import io.travya.trip.user.SessionsRevoked;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/** Ends a user's sessions once the change that requires it (password, deactivation) is committed. */
@Component
class SessionRevocation {

    private final RefreshTokens refreshTokens;

    SessionRevocation(RefreshTokens refreshTokens) {
        this.refreshTokens = refreshTokens;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(SessionsRevoked revoked) {
        refreshTokens.revokeAll(revoked.userId());
    }
}
