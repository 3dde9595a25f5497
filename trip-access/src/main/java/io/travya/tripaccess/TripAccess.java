package io.travya.tripaccess;

import io.travya.platform.security.Caller;
import io.travya.platform.web.ApiException;
import io.travya.platform.web.CatchUp;
import io.travya.platform.web.ExpectedTripVersion;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Answers who may do what with a trip, from the service's replica. Someone who may not see a trip
 * is told it does not exist (404), so trip ids cannot be probed; someone who may see it but not
 * change it is told so (403).
 */
public class TripAccess {

    private final JdbcClient jdbc;
    private final CatchUp catchUp;
    private final String roleQuery;

    public TripAccess(JdbcClient jdbc, CatchUp catchUp, String schema) {
        this.jdbc = jdbc;
        this.catchUp = catchUp;
        this.roleQuery = "SELECT a.deleted, a.owner_id, m.role, a.version FROM " + schema + ".trip_access a LEFT JOIN "
                + schema + ".trip_access_member m ON m.trip_id = a.trip_id AND m.user_id = ? WHERE a.trip_id = ?";
    }

    private record Row(boolean deleted, UUID owner, String memberRole, long version) {}

    /**
     * The caller's role on the trip, or empty if they may not see it, from what the replica holds now.
     * A request that names the trip version it expects ({@link ExpectedTripVersion}), as a client that
     * has just created or shared the trip does, waits (briefly) for the replica to hold that version.
     */
    public Optional<TripRole> roleOf(UUID tripId, UUID userId) {
        OptionalLong expected = ExpectedTripVersion.ofCurrentRequest();
        Optional<Row> row = expected.isEmpty()
                ? find(tripId, userId)
                : catchUp.until(
                        () -> find(tripId, userId),
                        found -> found.isPresent() && found.get().version() >= expected.getAsLong());
        return row.filter(r -> !r.deleted()).flatMap(r -> {
            if (r.owner().equals(userId)) {
                return Optional.of(TripRole.OWNER);
            }
            if (r.memberRole() == null) {
                return Optional.empty();
            }
            return Optional.of("editor".equals(r.memberRole()) ? TripRole.EDITOR : TripRole.VIEWER);
        });
    }

    /** The caller's role, or 404 if they may not see the trip. */
    public TripRole requireRead(UUID tripId, Caller caller) {
        return roleOf(tripId, caller.id()).orElseThrow(() -> ApiException.notFound("Trip"));
    }

    /** The caller's role if they may change what belongs to the trip; 404 or 403 otherwise. */
    public TripRole requireWrite(UUID tripId, Caller caller) {
        TripRole role = requireRead(tripId, caller);
        if (!role.mayWrite()) {
            throw ApiException.forbidden("Viewers may read this trip but not change it");
        }
        return role;
    }

    private Optional<Row> find(UUID tripId, UUID userId) {
        return jdbc.sql(roleQuery)
                .params(userId, tripId)
                .query((rs, n) ->
                        new Row(rs.getBoolean(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getLong(4)))
                .optional();
    }
}
