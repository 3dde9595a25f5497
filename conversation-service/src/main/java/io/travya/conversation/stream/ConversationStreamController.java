package io.travya.conversation.stream;

import io.travya.conversation.conversation.Conversation;
import io.travya.conversation.conversation.Conversations;
import io.travya.conversation.conversation.Messages;
import io.travya.conversation.conversation.MessagesSince;
import io.travya.platform.security.Caller;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * GET /api/v1/conversations/{id}/stream: server-sent events, one {@code message} event per new
 * message (its id is the message's, its data the message as the API shows it). A client that
 * reconnects with Last-Event-ID first gets the messages it missed.
 */
@RestController
class ConversationStreamController {

    private static final int MAX_REPLAY = 500;

    private final Conversations conversations;
    private final Messages messages;
    private final ConversationStreams streams;

    ConversationStreamController(Conversations conversations, Messages messages, ConversationStreams streams) {
        this.conversations = conversations;
        this.messages = messages;
        this.streams = streams;
    }

    @GetMapping(path = "/api/v1/conversations/{id}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(
            Caller caller,
            @PathVariable UUID id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        Conversation conversation = conversations.get(caller, id);
        ConversationStreams.Subscriber subscriber = streams.subscribe(id, conversation.getTripId(), caller.id());
        // subscribed first, read second: nothing written in between is lost (the subscriber holds it back)
        subscriber.replay(missedSince(id, lastEventId));
        return subscriber.emitter();
    }

    private MessagesSince missedSince(UUID conversationId, String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return MessagesSince.NOTHING;
        }
        try {
            return messages.after(conversationId, UUID.fromString(lastEventId.trim()), MAX_REPLAY);
        } catch (IllegalArgumentException e) {
            // not a message id: nothing to catch up on
            return MessagesSince.NOTHING;
        }
    }
}
