package io.travya.conversation.assistant;

import io.travya.conversation.tripcontext.TripContext;
import java.util.List;

/**
 * What a model is asked.
 *
 * @param conversationTitle the conversation's title
 * @param history the conversation's latest turns before the question, oldest first
 * @param question the user's message to answer
 * @param trip the trip the conversation is about; null while none of its events has arrived
 */
public record AssistantPrompt(String conversationTitle, List<Turn> history, String question, TripContext trip) {

    /** One earlier message: a user's, or the assistant's answer. */
    public record Turn(Speaker speaker, String content) {}

    public enum Speaker {
        USER,
        ASSISTANT
    }
}
