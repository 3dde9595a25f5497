package io.travya.booking.booking;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The Idempotency-Key headers each user has sent with POST /api/v1/bookings, kept in PostgreSQL with
 * the answer they got, in the transaction that created the booking: a key exists if and only if its
 * booking was committed.
 */
@Component
class IdempotencyKeys {

    /** What a key was first used for, and what it was answered. */
    record Use(String fingerprint, UUID bookingId, int status, String body) {}

    private final JdbcClient jdbc;

    IdempotencyKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Use> find(UUID userId, String key) {
        return jdbc.sql("""
                        SELECT request_fingerprint, booking_id, response_status, response_body
                        FROM booking_idempotency_keys WHERE user_id = ? AND idempotency_key = ?
                        """)
                .params(userId, key)
                .query((rs, n) -> new Use(rs.getString(1), rs.getObject(2, UUID.class), rs.getInt(3), rs.getString(4)))
                .optional();
    }

    /**
     * Records the key's first use; false if another transaction recorded it first. While that
     * transaction is open, PostgreSQL makes this insert wait on the primary key until it ends.
     */
    boolean remember(UUID userId, String key, Use use) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("A key must be remembered in the transaction of its booking");
        }
        return jdbc.sql("""
                                INSERT INTO booking_idempotency_keys
                                  (user_id, idempotency_key, request_fingerprint, booking_id, response_status,
                                   response_body)
                                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                                """)
                        .params(userId, key, use.fingerprint(), use.bookingId(), use.status(), use.body())
                        .update()
                == 1;
    }

    /** Forgets the keys that created these bookings, in the transaction that deletes them. */
    void forget(List<UUID> bookingIds) {
        if (!bookingIds.isEmpty()) {
            jdbc.sql("DELETE FROM booking_idempotency_keys WHERE booking_id = ANY(?)")
                    .param(bookingIds.toArray(UUID[]::new))
                    .update();
        }
    }

    /** SHA-256 of a canonical form of the request: equal for requests that mean the same booking. */
    static String fingerprint(String canonicalRequest) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }
}
