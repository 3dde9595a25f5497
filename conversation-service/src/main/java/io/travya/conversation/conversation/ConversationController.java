package io.travya.conversation.conversation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.travya.platform.security.Caller;
import io.travya.platform.web.ApiException;
import io.travya.platform.web.Page;
import io.travya.platform.web.PageQuery;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/conversations")
@Tag(
        name = "Conversations",
        description = "Conversations about a trip with the assistant: whoever may see the trip "
                + "may start and read them and write in them; only whoever started one, or the trip's owner, "
                + "renames, archives or deletes it")
class ConversationController {

    private static final String ETAG = "The conversation's version, quoted (`\"3\"`)";
    private static final String IF_MATCH = "The conversation's ETag as last read (`\"3\"`, `W/\"3\"` or `3`): the "
            + "request fails with 412 if it is no longer current; `*` or nothing acts whatever the version";
    private static final String FORBIDDEN =
            "The caller may see the trip but neither started the conversation nor owns the trip";

    private final Conversations conversations;

    ConversationController(Conversations conversations) {
        this.conversations = conversations;
    }

    @PostMapping
    @Operation(
            operationId = "startConversation",
            summary = "Start a conversation about a trip",
            description = "Anyone who may see the trip. "
                    + "A trip created a moment ago may not have reached this service yet: the request waits for its "
                    + "events up to a few seconds before answering 404 (the replica's catch-up).")
    @ApiResponse(
            responseCode = "201",
            description = "Started",
            useReturnTypeSchema = true,
            headers = {
                @Header(name = "Location", description = "The conversation's URL", schema = @Schema(type = "string")),
                @Header(name = "ETag", description = ETAG, schema = @Schema(type = "string"))
            })
    @ApiResponse(responseCode = "404", description = "No trip the caller may see has this trip_id")
    ResponseEntity<ConversationView> start(Caller caller, @Valid @RequestBody NewConversation request) {
        Conversation started = conversations.start(caller, request.tripId(), request.title());
        return ResponseEntity.created(URI.create("/api/v1/conversations/" + started.getId()))
                .eTag(Long.toString(started.getVersion()))
                .body(ConversationView.of(started, null));
    }

    @GetMapping
    @Operation(
            operationId = "listConversations",
            summary = "List a trip's conversations",
            description = "Most recently active first, each with its last message. "
                    + "A trip created a moment ago may not have reached this service yet: the request waits for its "
                    + "events up to a few seconds before answering 404 (the replica's catch-up).")
    @ApiResponse(responseCode = "200", description = "One page of conversations", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "No trip the caller may see has this trip_id")
    Page<ConversationView> list(
            Caller caller,
            @Parameter(description = "The trip") @RequestParam("trip_id") UUID tripId,
            @Valid PageQuery page) {
        return conversations.list(caller, tripId, page);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getConversation", summary = "Get a conversation")
    @ApiResponse(
            responseCode = "200",
            description = "The conversation, with its last message",
            useReturnTypeSchema = true,
            headers = @Header(name = "ETag", description = ETAG, schema = @Schema(type = "string")))
    ResponseEntity<ConversationView> get(Caller caller, @PathVariable UUID id) {
        ConversationView view = conversations.view(caller, id);
        return ResponseEntity.ok().eTag(Long.toString(view.version())).body(view);
    }

    @PatchMapping("/{id}")
    @Operation(
            operationId = "changeConversation",
            summary = "Rename, archive or restore a conversation",
            description = "Send only what changes: a new `title`, `is_active: false` to archive it (no new messages "
                    + "then), `true` to restore it. Only whoever started it, or the trip's owner.")
    @ApiResponse(
            responseCode = "200",
            description = "The conversation as changed",
            useReturnTypeSchema = true,
            headers = @Header(name = "ETag", description = ETAG, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "403", description = FORBIDDEN)
    @ApiResponse(responseCode = "409", description = "Someone changed the conversation at the same moment")
    @ApiResponse(responseCode = "412", description = "If-Match names a version that is no longer the conversation's")
    ResponseEntity<ConversationView> change(
            Caller caller,
            @PathVariable UUID id,
            @Parameter(description = IF_MATCH, example = "\"0\"") @RequestHeader(name = "If-Match", required = false)
                    String ifMatch,
            @Valid @RequestBody ConversationChange request) {
        ConversationView view = conversations.change(caller, id, request, version(ifMatch));
        return ResponseEntity.ok().eTag(Long.toString(view.version())).body(view);
    }

    @DeleteMapping("/{id}")
    @Operation(
            operationId = "deleteConversation",
            summary = "Delete a conversation",
            description = "With its messages. Only whoever started it, or the trip's owner.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "403", description = FORBIDDEN)
    @ApiResponse(responseCode = "409", description = "Someone changed the conversation at the same moment")
    @ApiResponse(responseCode = "412", description = "If-Match names a version that is no longer the conversation's")
    ResponseEntity<Void> delete(
            Caller caller,
            @PathVariable UUID id,
            @Parameter(description = IF_MATCH, example = "\"0\"") @RequestHeader(name = "If-Match", required = false)
                    String ifMatch) {
        conversations.delete(caller, id, version(ifMatch));
        return ResponseEntity.noContent().build();
    }

    /** The version an If-Match header names: {@code "3"}, {@code W/"3"} or {@code 3}. */
    private static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String tag = ifMatch.trim().replaceFirst("^W/", "").replace("\"", "");
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            throw ApiException.preconditionFailed("If-Match names no version of this conversation");
        }
    }
}
