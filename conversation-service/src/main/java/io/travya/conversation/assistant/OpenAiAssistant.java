package io.travya.conversation.assistant;

import io.travya.conversation.assistant.AssistantPrompt.Speaker;
import io.travya.conversation.conversation.MessageType;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * The assistant backed by an OpenAI-compatible chat-completions endpoint (through Spring AI): the
 * trip's facts go in the system message, then the conversation's history and the question.
 */
final class OpenAiAssistant implements AssistantModel {

    static final String INSTRUCTIONS = """
            You are Travya's travel assistant. Several travellers planning the same trip talk to you in one \
            conversation. Answer their latest message helpfully and briefly, from the trip's facts below; \
            if the facts do not say, say so rather than invent. Amounts are in the currency given; the \
            budget's currency is an assumption stated with it.
            """;

    private final ChatModel chat;

    OpenAiAssistant(ChatModel chat) {
        this.chat = chat;
    }

    @Override
    public AssistantReply reply(AssistantPrompt prompt) {
        List<Message> messages = new ArrayList<>();
        messages.add(new SystemMessage(INSTRUCTIONS + "\nConversation: " + prompt.conversationTitle() + "\n\n"
                + (prompt.trip() == null
                        ? "The trip's details have not arrived yet."
                        : TripFacts.describe(prompt.trip()))));
        for (AssistantPrompt.Turn turn : prompt.history()) {
            messages.add(
                    turn.speaker() == Speaker.USER
                            ? new UserMessage(turn.content())
                            : new AssistantMessage(turn.content()));
        }
        messages.add(new UserMessage(prompt.question()));
        ChatResponse response = chat.call(new Prompt(messages));
        String text = response == null || response.getResult() == null
                ? null
                : response.getResult().getOutput().getText();
        if (text == null || text.isBlank()) {
            // an empty answer is no answer: retried like a failure
            throw new IllegalStateException("The model answered with no text");
        }
        return new AssistantReply(text.strip(), MessageType.TEXT);
    }
}
