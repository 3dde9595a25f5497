package io.travya.conversation.conversation;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface MessageRepository extends JpaRepository<Message, UUID> {

    /** A page of the conversation, oldest first, after the position a cursor names. */
    List<Message> findByConversationIdAndSeqGreaterThanOrderBySeqAsc(UUID conversationId, long afterSeq, Limit limit);

    /** The latest messages before a position, newest first: the history the assistant is given. */
    List<Message> findByConversationIdAndSeqLessThanOrderBySeqDesc(UUID conversationId, long beforeSeq, Limit limit);

    boolean existsByReplyTo(UUID questionId);

    /**
     * The last message of each conversation: positions are dense, so it is the one at position
     * message_count (one probe of uq_messages_conversation_seq each).
     */
    @Query("select m from Message m, Conversation c"
            + " where c.id in ?1 and m.conversationId = c.id and m.seq = c.messageCount")
    List<Message> findLastOf(Collection<UUID> conversationIds);
}
