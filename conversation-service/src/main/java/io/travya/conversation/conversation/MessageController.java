package io.travya.conversation.conversation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.travya.platform.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/conversations/{id}/messages")
@Tag(name = "Messages", description = "What is said in a conversation, by its users and the assistant")
class MessageController {

    private static final int DEFAULT_LIMIT = 20;

    private final Messages messages;

    MessageController(Messages messages) {
        this.messages = messages;
    }

    /** Accepted and published at once; the assistant's reply follows asynchronously (see the stream). */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            operationId = "postMessage",
            summary = "Say something in a conversation",
            description = "Stored and published at once. The assistant answers asynchronously, from the message's "
                    + "event: its reply (`sender_type` assistant, `reply_to` this message) appears in the list and "
                    + "on the stream moments later; if the assistant cannot answer, a `system` message says so.")
    @ApiResponse(responseCode = "201", description = "Stored", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "409", description = "The conversation is archived; restore it to write in it")
    MessageView post(Caller caller, @PathVariable UUID id, @Valid @RequestBody NewMessage request) {
        return MessageView.of(messages.post(caller, id, request.content(), request.typeOrDefault()));
    }

    @GetMapping
    @Operation(
            operationId = "listMessages",
            summary = "Read a conversation",
            description = "Oldest first, a page at a time: pass the `next_cursor` of one page as `cursor` to get the "
                    + "next. A null `next_cursor` means there is nothing more yet; asking again later with the last "
                    + "cursor returns what has been written since, without skipping or repeating a message.")
    @ApiResponse(responseCode = "200", description = "One page of messages", useReturnTypeSchema = true)
    MessagePage list(
            Caller caller,
            @PathVariable UUID id,
            @Parameter(description = "Where the previous page ended (its `next_cursor`); opaque, as the API gave it")
                    @RequestParam(required = false)
                    String cursor,
            @Parameter(
                            description = "How many messages at most",
                            schema = @Schema(type = "integer", format = "int32", defaultValue = "20"))
                    @RequestParam(required = false)
                    @Min(1)
                    @Max(100)
                    Integer limit) {
        return messages.page(caller, id, cursor, limit == null ? DEFAULT_LIMIT : limit);
    }
}
