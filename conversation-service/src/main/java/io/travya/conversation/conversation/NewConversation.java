package io.travya.conversation.conversation;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** POST /api/v1/conversations. */
record NewConversation(
        @NotNull UUID tripId,

        @NotBlank @Size(max = 255) @Schema(example = "Planning")
        String title) {}
