package io.travya.conversation.conversation;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** PATCH /api/v1/conversations/{id}: a new title, or is_active=false to archive (true restores). */
record ConversationChange(
        @Size(max = 255) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
        String title,

        Boolean isActive) {

    String trimmedTitle() {
        return title == null ? null : title.trim();
    }
}
