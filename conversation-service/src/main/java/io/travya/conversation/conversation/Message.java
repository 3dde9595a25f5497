package io.travya.conversation.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.UUID;
import org.springframework.data.domain.Persistable;

/**
 * One message of a conversation. Messages are never changed: a user's message stays as written, and
 * the one reply to it (the assistant's, or the system's when the assistant could not answer) names
 * it in {@code replyTo}.
 */
@Entity
@Table(name = "conversation_messages")
public class Message implements Persistable<UUID> {

    @Id
    private UUID id;

    @Column(name = "conversation_id")
    private UUID conversationId;

    /** The message's position in its conversation, from 1: the order messages are read in. */
    private long seq;

    private String content;

    @Column(name = "message_type")
    private MessageType messageType;

    @Column(name = "sender_type")
    private SenderType senderType;

    @Column(name = "sender_id")
    private UUID senderId;

    @Column(name = "reply_to")
    private UUID replyTo;

    @Column(name = "created_at")
    private Instant createdAt;

    // ids are assigned here, so Spring Data cannot tell a new message from a stored one by its id
    @Transient
    private boolean fresh;

    protected Message() {}

    private Message(
            UUID conversationId,
            long seq,
            String content,
            MessageType messageType,
            SenderType senderType,
            UUID senderId,
            UUID replyTo,
            Instant createdAt) {
        this.id = UUID.randomUUID();
        this.conversationId = conversationId;
        this.seq = seq;
        this.content = content;
        this.messageType = messageType;
        this.senderType = senderType;
        this.senderId = senderId;
        this.replyTo = replyTo;
        this.createdAt = createdAt;
        this.fresh = true;
    }

    static Message fromUser(UUID conversationId, long seq, String content, MessageType type, UUID userId, Instant now) {
        return new Message(conversationId, seq, content, type, SenderType.USER, userId, null, now);
    }

    static Message replyTo(
            Message question, long seq, SenderType sender, String content, MessageType type, Instant now) {
        if (sender == SenderType.USER) {
            throw new IllegalArgumentException("A reply comes from the assistant or the system");
        }
        return new Message(question.conversationId, seq, content, type, sender, null, question.id, now);
    }

    @PostPersist
    @PostLoad
    void stored() {
        fresh = false;
    }

    @Override
    public UUID getId() {
        return id;
    }

    @Override
    public boolean isNew() {
        return fresh;
    }

    public UUID getConversationId() {
        return conversationId;
    }

    public long getSeq() {
        return seq;
    }

    public String getContent() {
        return content;
    }

    public MessageType getMessageType() {
        return messageType;
    }

    public SenderType getSenderType() {
        return senderType;
    }

    public UUID getSenderId() {
        return senderId;
    }

    public UUID getReplyTo() {
        return replyTo;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
