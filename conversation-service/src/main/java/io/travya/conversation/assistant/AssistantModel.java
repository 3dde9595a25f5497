package io.travya.conversation.assistant;

/**
 * The model behind the assistant (a port): given a conversation's latest message, its history and
 * the trip it is about, the answer. An adapter that cannot answer throws; the assistant retries it
 * with backoff and, after the last try, tells the conversation.
 */
public interface AssistantModel {

    AssistantReply reply(AssistantPrompt prompt);
}
