package io.travya.conversation.conversation;

import io.swagger.v3.oas.annotations.media.Schema;
import io.travya.platform.openapi.NullableObject;
import java.time.Instant;
import java.util.UUID;

/** A conversation as the API shows it, with its last message (null while it has none). */
public record ConversationView(
        UUID id,
        UUID tripId,
        @Schema(example = "Planning") String title,
        @Schema(description = "false once archived") boolean isActive,
        UUID createdBy,
        long messageCount,

        @NullableObject("The last message; null while it has none")
        MessageView lastMessage,

        Instant createdAt,
        Instant updatedAt,

        @Schema(description = "Grows with every change; also the ETag")
        long version) {

    static ConversationView of(Conversation conversation, Message last) {
        return new ConversationView(
                conversation.getId(),
                conversation.getTripId(),
                conversation.getTitle(),
                conversation.isActive(),
                conversation.getCreatedBy(),
                conversation.getMessageCount(),
                last == null ? null : MessageView.of(last),
                conversation.getCreatedAt(),
                conversation.getUpdatedAt(),
                conversation.getVersion());
    }
}
