package io.travya.trip.trip;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface TripRepository extends JpaRepository<Trip, UUID> {

    /**
     * The trip, locked for the rest of the transaction and its version incremented: how a change to
     * its itinerary or collaborators becomes a new version of the trip, in order.
     */
    @Lock(LockModeType.PESSIMISTIC_FORCE_INCREMENT)
    @Query("select t from Trip t where t.id = ?1")
    Optional<Trip> lockForChange(UUID id);
}
