package io.travya.conversation.conversation;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface ConversationRepository extends JpaRepository<Conversation, UUID> {

    /**
     * The conversation, its row locked for the rest of the transaction: how messages written at the
     * same time, by users or by the assistant, get distinct positions and versions, in order.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select c from Conversation c where c.id = ?1")
    Optional<Conversation> lockForChange(UUID id);

    long countByTripId(UUID tripId);

    List<Conversation> findByTripId(UUID tripId);
}
