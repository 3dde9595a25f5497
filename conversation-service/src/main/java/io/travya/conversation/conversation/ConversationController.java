package io.travya.conversation.conversation;

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
class ConversationController {

    private final Conversations conversations;

    ConversationController(Conversations conversations) {
        this.conversations = conversations;
    }

    @PostMapping
    ResponseEntity<ConversationView> start(Caller caller, @Valid @RequestBody NewConversation request) {
        Conversation started = conversations.start(caller, request.tripId(), request.title());
        return ResponseEntity.created(URI.create("/api/v1/conversations/" + started.getId()))
                .eTag(Long.toString(started.getVersion()))
                .body(ConversationView.of(started, null));
    }

    @GetMapping
    Page<ConversationView> list(Caller caller, @RequestParam("trip_id") UUID tripId, @Valid PageQuery page) {
        return conversations.list(caller, tripId, page);
    }

    @GetMapping("/{id}")
    ResponseEntity<ConversationView> get(Caller caller, @PathVariable UUID id) {
        ConversationView view = conversations.view(caller, id);
        return ResponseEntity.ok().eTag(Long.toString(view.version())).body(view);
    }

    @PatchMapping("/{id}")
    ResponseEntity<ConversationView> change(
            Caller caller,
            @PathVariable UUID id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody ConversationChange request) {
        ConversationView view = conversations.change(caller, id, request, version(ifMatch));
        return ResponseEntity.ok().eTag(Long.toString(view.version())).body(view);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(
            Caller caller, @PathVariable UUID id, @RequestHeader(name = "If-Match", required = false) String ifMatch) {
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
