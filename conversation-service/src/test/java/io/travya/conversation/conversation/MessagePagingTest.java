package io.travya.conversation.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.conversation.ConversationApi;
import io.travya.conversation.TripParty;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestEvents;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.tripaccess.TripAccess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** A conversation's messages, read page by page with an opaque cursor, oldest first. */
@TravyaIntegrationTest
class MessagePagingTest {

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
    String owner;

    @BeforeEach
    void setUp() {
        events = new TestEvents(corner);
        http = new HttpApi(port);
        api = new ConversationApi(http);
        party = TripParty.publish(events, access);
        owner = party.token(party.owner);
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    @Test
    void pagesComeOldestFirstWithoutRepeatsOrGapsWhileNewMessagesArrive() {
        String id = api.start(party.tripId(), "Long chat", owner).get("id").asString();
        for (int i = 1; i <= 8; i++) {
            api.post(id, "Question " + i, i % 2 == 0 ? owner : party.token(party.viewer));
        }
        awaitMessageCount(id, 16);

        List<JsonNode> read = new ArrayList<>();
        JsonNode first = api.page(id, null, 5, owner);
        first.get("data").forEach(read::add);
        // written between two page reads: they come after everything already there
        api.post(id, "A late question", owner);
        api.post(id, "Another late question", owner);
        awaitMessageCount(id, 20);
        String cursor = first.get("next_cursor").asString();
        int pages = 1;
        while (cursor != null) {
            JsonNode page = api.page(id, cursor, 5, owner);
            assertThat(page.get("data").size()).isBetween(1, 5);
            page.get("data").forEach(read::add);
            cursor = page.get("next_cursor").isNull()
                    ? null
                    : page.get("next_cursor").asString();
            pages++;
        }

        assertThat(pages).isEqualTo(4);
        assertThat(read).hasSize(20);
        assertThat(read.stream().map(m -> m.get("id").asString()).distinct()).hasSize(20);
        List<Instant> times = read.stream()
                .map(m -> Instant.parse(m.get("created_at").asString()))
                .toList();
        assertThat(times).isSorted();
        assertThat(read.get(0).get("content").asString()).isEqualTo("Question 1");
        assertThat(read.stream().filter(m -> m.get("content").asString().startsWith("A late question")))
                .hasSize(1);
        // every user message is followed, eventually, by its one reply
        List<String> questions = read.stream()
                .filter(m -> m.get("sender_type").asString().equals("user"))
                .map(m -> m.get("id").asString())
                .toList();
        List<String> answered = read.stream()
                .filter(m -> !m.get("reply_to").isNull())
                .map(m -> m.get("reply_to").asString())
                .toList();
        assertThat(answered).containsExactlyInAnyOrderElementsOf(questions);
    }

    @Test
    void theLastPageSaysThereIsNoMoreAndTheSameCursorLaterReturnsWhatCameSince() {
        String id = api.start(party.tripId(), "Short chat", owner).get("id").asString();
        String asked = api.post(id, "Hello", owner).get("id").asString();
        api.awaitReplyTo(id, asked, owner);

        JsonNode all = api.page(id, null, 2, owner);
        JsonNode firstOnly = api.page(id, null, 1, owner);
        String cursor = firstOnly.get("next_cursor").asString();

        assertThat(all.get("data").size()).isEqualTo(2);
        assertThat(all.get("next_cursor").isNull()).isTrue();
        assertThat(api.page(id, cursor, 10, owner).get("data").size()).isEqualTo(1);
        String later = api.post(id, "Still there?", owner).get("id").asString();
        api.awaitReplyTo(id, later, owner);
        assertThat(api.page(id, cursor, 10, owner).get("data"))
                .extracting(m -> m.get("content").asString())
                .hasSize(3)
                .contains("Still there?");
    }

    @Test
    void aCursorTheApiDidNotIssueAndALimitOutOfRangeAreRefused() {
        String id = api.start(party.tripId(), "Chat", owner).get("id").asString();
        String path = "/api/v1/conversations/" + id + "/messages";

        HttpApi.Response forged = http.get(path + "?cursor=bm90LWEtY3Vyc29y", owner);
        HttpApi.Response garbage = http.get(path + "?cursor=%25%25%25", owner);
        HttpApi.Response zero = http.get(path + "?limit=0", owner);
        HttpApi.Response tooMany = http.get(path + "?limit=101", owner);

        assertThat(forged.status()).as(forged.toString()).isEqualTo(400);
        assertThat(forged.json().get("errors").get(0).get("field").asString()).isEqualTo("cursor");
        assertThat(garbage.status()).as(garbage.toString()).isEqualTo(400);
        assertThat(zero.status()).as(zero.toString()).isEqualTo(422);
        assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(422);
    }

    private void awaitMessageCount(String id, long count) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                api.conversation(id, owner).get("message_count").asLong())
                        .isEqualTo(count));
    }
}
