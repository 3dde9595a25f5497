package io.travya.conversation.conversation;

import java.util.List;
import java.util.UUID;

/**
 * What the assistant is given to answer a user's message: the conversation's latest messages before
 * it, oldest first, and the message itself.
 */
public record Transcript(
        UUID conversationId, UUID tripId, String title, List<MessageView> history, MessageView question) {}
