package io.travya.conversation.stream;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Messages")
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
    @Operation(
            operationId = "streamMessages",
            summary = "Follow a conversation as it happens",
            description = "Server-sent events: one `message` event per new message, the assistant's replies "
                    + "included; the event's `id` is the message's id and its `data` the message as JSON (the "
                    + "MessageView schema). A client that reconnects with Last-Event-ID first gets the messages it "
                    + "missed (up to 500). The stream ends when the conversation or its trip is deleted, or the "
                    + "caller loses access.")
    @ApiResponse(
            responseCode = "200",
            description = "The stream",
            content =
                    @Content(
                            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                            schema =
                                    @Schema(
                                            type = "string",
                                            description =
                                                    "`id: <message id>`, `event: message`, `data: <the message as JSON>`, "
                                                            + "then a blank line, per message",
                                            example =
                                                    "id: 5d0c7a0e-1b9e-4a53-8a43-3f0f4f1b2c7d\nevent: message\ndata: "
                                                            + "{\"id\":\"5d0c7a0e-1b9e-4a53-8a43-3f0f4f1b2c7d\",\"content\":\"Hello\"}\n\n")))
    SseEmitter stream(
            Caller caller,
            @PathVariable UUID id,
            @Parameter(description = "The id of the last message received, to get those missed since")
                    @RequestHeader(name = "Last-Event-ID", required = false)
                    String lastEventId) {
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
