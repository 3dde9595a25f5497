package io.travya.conversation.conversation;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** POST /api/v1/conversations/{id}/messages: what a user writes; text unless said otherwise. */
record NewMessage(@NotBlank @Size(max = 10_000) String content, MessageType messageType) {

    MessageType typeOrDefault() {
        return messageType == null ? MessageType.TEXT : messageType;
    }
}
