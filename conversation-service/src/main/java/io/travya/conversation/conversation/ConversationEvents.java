package io.travya.conversation.conversation;

import io.travya.conversation.Times;
import io.travya.events.ConversationEvent;
import io.travya.events.ConversationEventType;
import io.travya.platform.outbox.OutboxWriter;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Publishes, through the outbox, every change to a conversation and every new message on
 * travya.conversations, keyed by trip id so that a trip's conversations keep their order. Each event
 * carries the conversation as it is after the change, and MessagePosted the whole message.
 */
@Component
class ConversationEvents {

    private final OutboxWriter outbox;
    private final Clock clock;

    ConversationEvents(OutboxWriter outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Call after the change is flushed (so the version is the new one), in its transaction, with the
     * type the conversation returned.
     */
    void publish(ConversationEventType type, Conversation conversation, UUID actor) {
        publish(type, conversation, conversation.getVersion(), actor, null);
    }

    /**
     * The deletion is a change too: it carries the version after the last one, so that a consumer that
     * applies only newer versions applies it.
     */
    void deleted(ConversationEventType type, Conversation conversation, UUID actor) {
        publish(type, conversation, conversation.getVersion() + 1, actor, null);
    }

    void messagePosted(ConversationEventType type, Conversation conversation, Message message, UUID actor) {
        publish(type, conversation, conversation.getVersion(), actor, state(message));
    }

    private void publish(
            ConversationEventType type,
            Conversation conversation,
            long version,
            UUID actor,
            io.travya.events.Message message) {
        ConversationEvent event = ConversationEvent.newBuilder()
                .setEventId(UUID.randomUUID())
                .setEventType(type)
                .setOccurredAt(Times.now(clock))
                .setAggregateId(conversation.getId())
                .setAggregateVersion(version)
                .setActorId(actor)
                .setTripId(conversation.getTripId())
                .setConversation(state(conversation))
                .setMessage(message)
                .build();
        outbox.append(conversation.getTripId(), event);
    }

    private static io.travya.events.Conversation state(Conversation conversation) {
        return io.travya.events.Conversation.newBuilder()
                .setId(conversation.getId())
                .setTripId(conversation.getTripId())
                .setTitle(conversation.getTitle())
                .setIsActive(conversation.isActive())
                .setMessageCount(conversation.getMessageCount())
                .setCreatedBy(conversation.getCreatedBy())
                .setCreatedAt(conversation.getCreatedAt())
                .setUpdatedAt(conversation.getUpdatedAt())
                .build();
    }

    private static io.travya.events.Message state(Message message) {
        return io.travya.events.Message.newBuilder()
                .setId(message.getId())
                .setConversationId(message.getConversationId())
                .setContent(message.getContent())
                .setMessageType(message.getMessageType().value())
                .setSenderType(message.getSenderType().value())
                .setSenderId(message.getSenderId())
                .setReplyTo(message.getReplyTo())
                .setCreatedAt(message.getCreatedAt())
                .build();
    }
}
