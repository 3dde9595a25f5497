package io.travya.conversation.conversation;

import java.time.Instant;
import java.util.UUID;

/** A message as the API and the stream show it. */
public record MessageView(
        UUID id,
        UUID conversationId,
        String content,
        MessageType messageType,
        SenderType senderType,
        UUID senderId,
        UUID replyTo,
        Instant createdAt) {

    public static MessageView of(Message message) {
        return new MessageView(
                message.getId(),
                message.getConversationId(),
                message.getContent(),
                message.getMessageType(),
                message.getSenderType(),
                message.getSenderId(),
                message.getReplyTo(),
                message.getCreatedAt());
    }
}
