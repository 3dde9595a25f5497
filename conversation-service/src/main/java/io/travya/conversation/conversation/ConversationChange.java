package io.travya.conversation.conversation;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** PATCH /api/v1/conversations/{id}: a new title, or is_active=false to archive (true restores). */
record ConversationChange(
        @Size(max = 255)
        @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
        @Schema(nullable = true, description = "A new title; absent or null keeps it", example = "Day trips")
        String title,

        @Schema(nullable = true, description = "false archives, true restores; absent or null keeps it")
        Boolean isActive) {

    String trimmedTitle() {
        return title == null ? null : title.trim();
    }
}
