package io.travya.trip.itinerary;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ItineraryRepository extends JpaRepository<ItineraryItem, UUID> {

    @Query(
            "select i from ItineraryItem i where i.tripId = ?1 order by i.day, i.startTime nulls first, i.createdAt, i.id")
    List<ItineraryItem> findByTripInOrder(UUID tripId);

    Optional<ItineraryItem> findByIdAndTripId(UUID id, UUID tripId);
}
