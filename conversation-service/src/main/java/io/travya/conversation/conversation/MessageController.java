package io.travya.conversation.conversation;

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
class MessageController {

    private static final int DEFAULT_LIMIT = 20;

    private final Messages messages;

    MessageController(Messages messages) {
        this.messages = messages;
    }

    /** Accepted and published at once; the assistant's reply follows asynchronously (see the stream). */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    MessageView post(Caller caller, @PathVariable UUID id, @Valid @RequestBody NewMessage request) {
        return MessageView.of(messages.post(caller, id, request.content(), request.typeOrDefault()));
    }

    @GetMapping
    MessagePage list(
            Caller caller,
            @PathVariable UUID id,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) @Min(1) @Max(100) Integer limit) {
        return messages.page(caller, id, cursor, limit == null ? DEFAULT_LIMIT : limit);
    }
}
