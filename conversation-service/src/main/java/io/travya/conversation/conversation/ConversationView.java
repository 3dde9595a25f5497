package io.travya.conversation.conversation;

import java.time.Instant;
import java.util.UUID;

/** A conversation as the API shows it, with its last message (null while it has none). */
public record ConversationView(
        UUID id,
        UUID tripId,
        String title,
        boolean isActive,
        UUID createdBy,
        long messageCount,
        MessageView lastMessage,
        Instant createdAt,
        Instant updatedAt,
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
