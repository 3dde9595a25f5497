package io.travya.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.platform.test.HttpApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** conversation-service's API as a client uses it, for tests; every call asserts its success. */
public final class ConversationApi {

    private final HttpApi http;

    public ConversationApi(HttpApi http) {
        this.http = http;
    }

    public HttpApi http() {
        return http;
    }

    public JsonNode start(UUID tripId, String title, String token) {
        HttpApi.Response started =
                http.post("/api/v1/conversations", Map.of("trip_id", tripId.toString(), "title", title), token);
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        return started.json();
    }

    public JsonNode post(String conversationId, String content, String token) {
        HttpApi.Response posted =
                http.post("/api/v1/conversations/" + conversationId + "/messages", Map.of("content", content), token);
        assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
        return posted.json();
    }

    public JsonNode conversation(String conversationId, String token) {
        HttpApi.Response found = http.get("/api/v1/conversations/" + conversationId, token);
        assertThat(found.status()).as(found.toString()).isEqualTo(200);
        return found.json();
    }

    /** Every message of the conversation, oldest first, read page by page. */
    public List<JsonNode> messages(String conversationId, String token) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = page(conversationId, cursor, 100, token);
            page.get("data").forEach(all::add);
            cursor = page.get("next_cursor").isNull()
                    ? null
                    : page.get("next_cursor").asString();
        } while (cursor != null);
        return all;
    }

    public JsonNode page(String conversationId, String cursor, int limit, String token) {
        HttpApi.Response page = http.get(
                "/api/v1/conversations/" + conversationId + "/messages?limit=" + limit
                        + (cursor == null ? "" : "&cursor=" + cursor),
                token);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return page.json();
    }

    /** The replies (the assistant's or the system's) to a user's message, once there is at least one. */
    public List<JsonNode> awaitRepliesTo(String conversationId, String messageId, String token) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> repliesTo(conversationId, messageId, token), replies -> !replies.isEmpty());
    }

    public JsonNode awaitReplyTo(String conversationId, String messageId, String token) {
        return awaitRepliesTo(conversationId, messageId, token).get(0);
    }

    public List<JsonNode> repliesTo(String conversationId, String messageId, String token) {
        return messages(conversationId, token).stream()
                .filter(m -> !m.get("reply_to").isNull()
                        && m.get("reply_to").asString().equals(messageId))
                .toList();
    }
}
