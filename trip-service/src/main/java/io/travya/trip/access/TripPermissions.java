package io.travya.trip.access;

import io.travya.platform.security.Caller;
import io.travya.platform.web.ApiException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who may do what with a trip, everywhere in trip-service: the owner and accepted editors write,
 * accepted viewers read, only the owner deletes the trip or manages its collaborators. Someone who
 * may not see a trip (a stranger, a pending invitee) is told it does not exist, so trip ids cannot
 * be probed; someone who may see it but not do what they asked gets 403.
 */
@Component
public class TripPermissions {

    private final JdbcClient jdbc;

    TripPermissions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What the caller may do with a trip, and the trip's current version, in one query. */
    public record Access(TripRole role, long version) {}

    public Access requireReadWithVersion(UUID tripId, Caller caller) {
        return jdbc.sql("""
                        SELECT t.user_id = :user AS owner, c.role, t.version
                        FROM trips t
                        LEFT JOIN trip_collaborators c
                          ON c.trip_id = t.id AND c.user_id = :user AND c.status = 'accepted'
                        WHERE t.id = :trip
                        """)
                .param("user", caller.id())
                .param("trip", tripId)
                .query((rs, n) -> {
                    long version = rs.getLong(3);
                    String role = rs.getString(2);
                    if (rs.getBoolean(1)) {
                        return Optional.of(new Access(TripRole.OWNER, version));
                    }
                    return Optional.ofNullable(role)
                            .map(r -> new Access("editor".equals(r) ? TripRole.EDITOR : TripRole.VIEWER, version));
                })
                .optional()
                .flatMap(access -> access)
                .orElseThrow(() -> ApiException.notFound("Trip"));
    }

    public Optional<TripRole> roleOf(UUID tripId, UUID userId) {
        return jdbc.sql("""
                        SELECT t.user_id = :user AS owner, c.role
                        FROM trips t
                        LEFT JOIN trip_collaborators c
                          ON c.trip_id = t.id AND c.user_id = :user AND c.status = 'accepted'
                        WHERE t.id = :trip
                        """)
                .param("user", userId)
                .param("trip", tripId)
                .query((rs, n) -> rs.getBoolean(1)
                        ? Optional.of(TripRole.OWNER)
                        : Optional.ofNullable(rs.getString(2))
                                .map(role -> "editor".equals(role) ? TripRole.EDITOR : TripRole.VIEWER))
                .optional()
                .flatMap(role -> role);
    }

    public TripRole requireRead(UUID tripId, Caller caller) {
        return roleOf(tripId, caller.id()).orElseThrow(() -> ApiException.notFound("Trip"));
    }

    public TripRole requireWrite(UUID tripId, Caller caller) {
        TripRole role = requireRead(tripId, caller);
        if (!role.mayWrite()) {
            throw ApiException.forbidden("Viewers may read this trip but not change it");
        }
        return role;
    }

    public void requireOwner(UUID tripId, Caller caller, String what) {
        if (requireRead(tripId, caller) != TripRole.OWNER) {
            throw ApiException.forbidden("Only the trip's owner may " + what);
        }
    }
}
