package io.travya.conversation.conversation;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * One page of a conversation's messages, oldest first. {@code next_cursor} continues after the last
 * one; it is null when there is nothing more yet (a later request with the same cursor returns the
 * messages written since).
 */
public record MessagePage(
        List<MessageView> data,

        @Schema(
                nullable = true,
                description = "Pass as `cursor` for the next page; null when there is nothing more yet")
        String nextCursor) {}
