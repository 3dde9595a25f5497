package io.travya.trip.auth;

import io.travya.trip.user.SessionEnded;
import io.travya.trip.user.SessionsRevoked;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Ends sessions in the session store as the change that requires it (logout, password, deactivation)
 * commits. What makes trip-service refuse an access token (an ended session, the instant before
 * which a user's tokens are refused) is written before the commit: by the time the change is visible,
 * and its event on its way to the other services, trip-service already refuses the token. If the
 * commit then fails, trip-service refuses a token that is still good (its owner logs in again), never
 * the other way round.
 */
@Component
class SessionRevocation {

    private final RefreshTokens refreshTokens;

    SessionRevocation(RefreshTokens refreshTokens) {
        this.refreshTokens = refreshTokens;
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void on(SessionEnded ended) {
        refreshTokens.end(ended.sessionId());
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void refuseEarlierTokens(SessionsRevoked revoked) {
        if (revoked.tokensIssuedBefore() != null) {
            refreshTokens.refuseTokensIssuedBefore(revoked.userId(), revoked.tokensIssuedBefore());
        }
    }

    /**
     * The refresh tokens end once the change is committed. Should the process die in between, a refresh
     * is still refused: it checks the session's start against the user's sessions_revoked_before.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(SessionsRevoked revoked) {
        refreshTokens.revokeAll(revoked.userId());
    }
}
