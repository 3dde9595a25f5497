package io.travya.booking.booking;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface BookingRepository extends JpaRepository<Booking, UUID> {

    /** The booking, locked until the transaction ends, so changes to it take turns and versions stay in order. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select b from Booking b where b.id = ?1")
    Optional<Booking> lockForChange(UUID id);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select b from Booking b where b.tripId = ?1 order by b.createdAt, b.id")
    List<Booking> lockAllOfTrip(UUID tripId);
}
