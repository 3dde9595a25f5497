package io.travya.conversation.conversation;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** A message as the API and the stream show it. */
public record MessageView(
        UUID id,
        UUID conversationId,
        @Schema(example = "How much of the budget is left?") String content,
        MessageType messageType,
        SenderType senderType,

        @Schema(nullable = true, description = "The user who wrote it; null for the assistant and the system")
        UUID senderId,

        @Schema(nullable = true, description = "The message this one answers (the assistant's replies)")
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
