package io.travya.conversation.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.conversation.ConversationApi;
import io.travya.conversation.SseClient;
import io.travya.conversation.TripParty;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestEvents;
import io.travya.platform.test.TestTokens;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.tripaccess.TripAccess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Who may do what with a trip's conversations: everyone who may read the trip reads them and writes
 * in them; only whoever started one, or the trip's owner, renames, archives or deletes it (403 for
 * the others); everyone else is told they do not exist (404), whatever they ask; no valid token, no
 * answer (401).
 */
@TravyaIntegrationTest
class ConversationAccessTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Autowired
    TripAccess access;

    TestEvents events;
    HttpApi http;
    ConversationApi api;
    TripParty party;

    @BeforeEach
    void setUp() {
        events = new TestEvents(corner);
        http = new HttpApi(port);
        api = new ConversationApi(http);
        party = TripParty.publish(events, access);
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    /** One request on a conversation endpoint, answering its status. */
    interface Endpoint {
        int call(String token, String conversationId);
    }

    /** Every endpoint, in an order that leaves DELETE last. */
    Map<String, Endpoint> endpoints() {
        String trip = party.tripId().toString();
        Map<String, Endpoint> all = new LinkedHashMap<>();
        all.put(
                "POST /conversations",
                (token, id) -> http.post("/api/v1/conversations", Map.of("trip_id", trip, "title", "Plans"), token)
                        .status());
        all.put(
                "GET /conversations?trip_id",
                (token, id) ->
                        http.get("/api/v1/conversations?trip_id=" + trip, token).status());
        all.put(
                "GET /conversations/{id}",
                (token, id) -> http.get("/api/v1/conversations/" + id, token).status());
        all.put(
                "PATCH /conversations/{id}",
                (token, id) -> http.patch("/api/v1/conversations/" + id, Map.of("title", "Renamed"), token)
                        .status());
        all.put(
                "POST /conversations/{id}/messages",
                (token, id) -> http.post("/api/v1/conversations/" + id + "/messages", Map.of("content", "Hello"), token)
                        .status());
        all.put(
                "GET /conversations/{id}/messages",
                (token, id) -> http.get("/api/v1/conversations/" + id + "/messages", token)
                        .status());
        all.put("GET /conversations/{id}/stream", (token, id) -> {
            try (SseClient stream = SseClient.open(port, "/api/v1/conversations/" + id + "/stream", token, null)) {
                return stream.status();
            }
        });
        all.put(
                "DELETE /conversations/{id}",
                (token, id) -> http.delete("/api/v1/conversations/" + id, token).status());
        return all;
    }

    @Test
    void theOwnerEditorsAndViewersReadAndWriteTheTripsConversations() {
        Map<String, Integer> expected = Map.of(
                "POST /conversations", 201,
                "POST /conversations/{id}/messages", 201,
                "DELETE /conversations/{id}", 204);
        SoftAssertions softly = new SoftAssertions();
        for (UUID member : List.of(party.owner, party.editor, party.viewer)) {
            String token = party.token(member);
            String id = api.start(party.tripId(), "Ideas", token).get("id").asString();
            endpoints()
                    .forEach((name, endpoint) -> softly.assertThat(endpoint.call(token, id))
                            .as(role(member) + " " + name)
                            .isEqualTo(expected.getOrDefault(name, 200)));
        }
        softly.assertAll();
    }

    @Test
    void onlyWhoeverStartedAConversationOrTheTripsOwnerRenamesArchivesOrDeletesIt() {
        List<UUID> members = List.of(party.owner, party.editor, party.viewer);
        SoftAssertions softly = new SoftAssertions();
        for (UUID starter : members) {
            for (UUID other : members) {
                if (other.equals(starter)) {
                    continue;
                }
                String id = api.start(party.tripId(), "Started by " + role(starter), party.token(starter))
                        .get("id")
                        .asString();
                api.post(id, "First thoughts", party.token(starter));
                String token = party.token(other);
                String what = role(other) + " on a conversation started by " + role(starter);
                boolean allowed = other.equals(party.owner);
                softly.assertThat(http.get("/api/v1/conversations/" + id, token).status())
                        .as(what + " GET")
                        .isEqualTo(200);
                softly.assertThat(http.post(
                                        "/api/v1/conversations/" + id + "/messages",
                                        Map.of("content", "A reply"),
                                        token)
                                .status())
                        .as(what + " POST message")
                        .isEqualTo(201);

                HttpApi.Response renamed = http.patch("/api/v1/conversations/" + id, Map.of("title", "Renamed"), token);
                HttpApi.Response archived =
                        http.patch("/api/v1/conversations/" + id, Map.of("is_active", false), token);
                softly.assertThat(renamed.status()).as(what + " PATCH title").isEqualTo(allowed ? 200 : 403);
                softly.assertThat(archived.status())
                        .as(what + " PATCH is_active")
                        .isEqualTo(allowed ? 200 : 403);
                if (!allowed) {
                    softly.assertThat(renamed.header("Content-Type"))
                            .as(what + " refusal")
                            .startsWith("application/problem+json");
                    softly.assertThat(renamed.json().get("status").asInt()).isEqualTo(403);
                    JsonNode unchanged = api.conversation(id, party.token(starter));
                    softly.assertThat(unchanged.get("title").asString())
                            .as(what + ": the title did not change")
                            .isEqualTo("Started by " + role(starter));
                    softly.assertThat(unchanged.get("is_active").asBoolean())
                            .as(what + ": still active")
                            .isTrue();
                }

                HttpApi.Response deleted = http.delete("/api/v1/conversations/" + id, token);
                softly.assertThat(deleted.status()).as(what + " DELETE").isEqualTo(allowed ? 204 : 403);
                softly.assertThat(http.get("/api/v1/conversations/" + id, party.token(starter))
                                .status())
                        .as(what + ": the conversation is " + (allowed ? "gone" : "still there"))
                        .isEqualTo(allowed ? 404 : 200);
                if (!allowed) {
                    softly.assertThat(api.messages(id, party.token(starter)))
                            .filteredOn(m -> m.get("sender_type").asString().equals("user"))
                            .as(what + ": its messages are kept")
                            .hasSize(2);
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void pendingInviteesAndStrangersAreToldTheConversationsDoNotExist() {
        String owner = party.token(party.owner);
        String id = api.start(party.tripId(), "Private plans", owner).get("id").asString();
        api.post(id, "Only for us", owner);

        SoftAssertions softly = new SoftAssertions();
        for (UUID outsider : List.of(party.invitee, party.stranger)) {
            String token = party.token(outsider);
            endpoints()
                    .forEach((name, endpoint) -> softly.assertThat(endpoint.call(token, id))
                            .as(role(outsider) + " " + name)
                            .isEqualTo(404));
            softly.assertThat(http.get("/api/v1/conversations/" + UUID.randomUUID(), token)
                            .status())
                    .as(role(outsider) + " GET of a conversation that does not exist")
                    .isEqualTo(404);
        }
        softly.assertAll();
        assertThat(api.conversation(id, owner).get("title").asString())
                .as("nothing the outsiders tried changed anything")
                .isEqualTo("Private plans");
        assertThat(api.messages(id, owner))
                .filteredOn(m -> m.get("sender_type").asString().equals("user"))
                .hasSize(1);
    }

    @Test
    void requestsWithoutAValidTokenAreRefusedAsUnauthenticated() {
        String id = api.start(party.tripId(), "Plans", party.token(party.owner))
                .get("id")
                .asString();
        TestTokens tokens = TestTokens.get();
        Map<String, String> invalid = new LinkedHashMap<>();
        invalid.put("no token", null);
        invalid.put("an expired token", tokens.expiredTokenFor(party.owner));
        invalid.put("a tampered token", tokens.tamperedToken(party.stranger, party.owner));
        invalid.put("a forged token", tokens.forgedTokenFor(party.owner));
        invalid.put("another issuer's token", tokens.tokenFromAnotherIssuer(party.owner));

        SoftAssertions softly = new SoftAssertions();
        invalid.forEach((what, token) -> endpoints()
                .forEach((name, endpoint) -> softly.assertThat(endpoint.call(token, id))
                        .as(what + " " + name)
                        .isEqualTo(401)));
        softly.assertAll();
        assertThat(api.conversation(id, party.token(party.owner)).get("title").asString())
                .isEqualTo("Plans");
    }

    @Test
    void aCollaboratorRemovedFromTheTripNoLongerSeesItsConversations() {
        String id = api.start(party.tripId(), "Plans", party.token(party.editor))
                .get("id")
                .asString();

        events.publish(party.tripId(), party.trip.removed(party.editor));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(http.get("/api/v1/conversations/" + id, party.token(party.editor))
                                .status())
                        .isEqualTo(404));
        assertThat(api.conversation(id, party.token(party.owner))
                        .get("created_by")
                        .asString())
                .isEqualTo(party.editor.toString());
    }

    private String role(UUID user) {
        if (user.equals(party.owner)) {
            return "the owner:";
        }
        if (user.equals(party.editor)) {
            return "an editor:";
        }
        if (user.equals(party.viewer)) {
            return "a viewer:";
        }
        return user.equals(party.invitee) ? "a pending invitee:" : "a stranger:";
    }
}
