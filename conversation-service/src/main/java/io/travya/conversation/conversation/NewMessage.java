package io.travya.conversation.conversation;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** POST /api/v1/conversations/{id}/messages: what a user writes; text unless said otherwise. */
record NewMessage(
        @NotBlank @Size(max = 10_000) @Schema(example = "How much of the budget is left?")
        String content,

        @Schema(nullable = true, description = "text when absent or null")
        MessageType messageType) {

    MessageType typeOrDefault() {
        return messageType == null ? MessageType.TEXT : messageType;
    }
}
