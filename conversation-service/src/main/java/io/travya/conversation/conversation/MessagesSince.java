package io.travya.conversation.conversation;

import java.util.List;

/**
 * The messages after a given one, oldest first, and the position in the conversation they reach:
 * everything at or before {@code position} is what the client has now.
 */
public record MessagesSince(List<MessageView> messages, long position) {

    public static final MessagesSince NOTHING = new MessagesSince(List.of(), 0);
}
