package io.travya.trip.user;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Answers, for every authenticated request, whether the token's user is still active. Answers are
 * remembered for two seconds, so a deactivation takes effect on every replica within that time (at
 * once on the replica that made it).
 */
@Component
public class ActiveUsers {

    private static final long REMEMBER_MILLIS = 2000;

    private record Answer(boolean active, long at) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<UUID, Answer> recent = new ConcurrentHashMap<>();

    ActiveUsers(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public boolean isActive(String subject) {
        UUID id;
        try {
            id = UUID.fromString(subject);
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
        long now = clock.millis();
        Answer answer = recent.get(id);
        if (answer == null || now - answer.at() > REMEMBER_MILLIS) {
            boolean active = jdbc.sql("SELECT is_active FROM users WHERE id = ?")
                    .param(id)
                    .query(Boolean.class)
                    .optional()
                    .orElse(false);
            answer = new Answer(active, now);
            if (recent.size() > 100_000) {
                recent.clear();
            }
            recent.put(id, answer);
        }
        return answer.active();
    }

    public void forget(UUID id) {
        recent.remove(id);
    }

    /**
     * Forgets again once the change is committed: a request served between the change and its commit
     * read the old state, and would otherwise have it remembered for two more seconds.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(SessionsRevoked revoked) {
        forget(revoked.userId());
    }
}
