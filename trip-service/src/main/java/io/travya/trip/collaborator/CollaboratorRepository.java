package io.travya.trip.collaborator;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface CollaboratorRepository extends JpaRepository<Collaborator, UUID> {

    Optional<Collaborator> findByIdAndTripId(UUID id, UUID tripId);

    Optional<Collaborator> findByTripIdAndUserId(UUID tripId, UUID userId);

    List<Collaborator> findByTripIdOrderByInvitedAtAscIdAsc(UUID tripId);
}
