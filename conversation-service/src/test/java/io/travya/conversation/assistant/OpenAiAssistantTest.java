package io.travya.conversation.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.conversation.ConversationApi;
import io.travya.conversation.TripParty;
import io.travya.conversation.tripcontext.TripContexts;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestEvents;
import io.travya.platform.test.TestEvents.BookingHistory;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.tripaccess.TripAccess;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * With a model endpoint configured, the assistant asks it (a local fake here, never a real endpoint),
 * giving it the trip and the conversation; a model that fails or times out is retried, and then the
 * conversation is told.
 */
@TravyaIntegrationTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class OpenAiAssistantTest {

    static final FakeChatCompletions model = FakeChatCompletions.start(6_000);

    @DynamicPropertySource
    static void useTheFakeModel(DynamicPropertyRegistry registry) {
        registry.add("travya.assistant.openai.base-url", model::baseUrl);
        registry.add("travya.assistant.openai.api-key", () -> "test-key");
        registry.add("travya.assistant.openai.model", () -> "travya-test-model");
        registry.add("travya.assistant.openai.timeout", () -> "2s");
        registry.add("travya.assistant.attempts", () -> "3");
        registry.add("travya.assistant.backoff", () -> "100ms");
    }

    @AfterAll
    static void stopTheFakeModel() {
        model.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Autowired
    TripAccess access;

    @Autowired
    TripContexts contexts;

    TestEvents events;
    ConversationApi api;
    TripParty party;
    String owner;

    @BeforeEach
    void setUp() {
        events = new TestEvents(corner);
        api = new ConversationApi(new HttpApi(port));
        party = TripParty.publish(events, access);
        owner = party.token(party.owner);
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    @Test
    void theModelIsGivenTheTripAndTheConversationAndItsAnswerIsTheAssistantsReply() {
        BookingHistory hotel =
                new BookingHistory(party.tripId(), "hotel", "Hotel Avenida", "640.00", "EUR", LocalDate.of(2027, 5, 1));
        events.publish(party.tripId(), hotel.created());
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        !contexts.find(party.tripId()).orElseThrow().bookings().isEmpty());
        String id = api.start(party.tripId(), "Food", owner).get("id").asString();
        String marker = UUID.randomUUID().toString();
        String first =
                api.post(id, "Where should we eat? " + marker, owner).get("id").asString();
        JsonNode firstReply = api.awaitReplyTo(id, first, owner);

        String second = api.post(id, "And after dinner? " + marker, party.token(party.viewer))
                .get("id")
                .asString();
        JsonNode secondReply = api.awaitReplyTo(id, second, owner);

        assertThat(firstReply.get("sender_type").asString()).isEqualTo("assistant");
        assertThat(firstReply.get("content").asString())
                .isEqualTo(FakeChatCompletions.ANSWER_PREFIX + "Where should we eat? " + marker);
        assertThat(secondReply.get("content").asString()).endsWith("And after dinner? " + marker);
        List<FakeChatCompletions.Request> asked = model.requestsAbout("And after dinner? " + marker);
        assertThat(asked).hasSize(1);
        FakeChatCompletions.Request request = asked.get(0);
        assertThat(request.authorization()).isEqualTo("Bearer test-key");
        assertThat(request.body().get("model").asString()).isEqualTo("travya-test-model");
        JsonNode messages = request.body().get("messages");
        assertThat(messages)
                .extracting(m -> m.get("role").asString())
                .containsExactly("system", "user", "assistant", "user");
        assertThat(FakeChatCompletions.Request.text(messages.get(0).get("content")))
                .contains("Conversation: Food")
                .contains("Destination: Lisbon, Portugal")
                .contains("Dates: Sat 1 May 2027 to Sat 8 May 2027 (8 days)")
                .contains("Budget: 2500.00")
                .contains("hotel with Hotel Avenida: EUR 640.00, pending")
                .contains("Remaining budget: 1860.00 EUR");
        assertThat(FakeChatCompletions.Request.text(messages.get(1).get("content")))
                .isEqualTo("Where should we eat? " + marker);
        assertThat(FakeChatCompletions.Request.text(messages.get(2).get("content")))
                .isEqualTo(firstReply.get("content").asString());
    }

    @Test
    void aModelThatKeepsFailingIsTriedThreeTimesAndThenTheConversationIsTold() {
        String id = api.start(party.tripId(), "Unlucky", owner).get("id").asString();
        String question = "[fail] Any museums? " + UUID.randomUUID();

        String asked = api.post(id, question, owner).get("id").asString();
        JsonNode reply = api.awaitReplyTo(id, asked, owner);

        assertThat(reply.get("sender_type").asString()).isEqualTo("system");
        assertThat(reply.get("content").asString()).contains("could not answer");
        assertThat(model.requestsAbout(question)).hasSize(3);
        assertThat(api.repliesTo(id, asked, owner)).hasSize(1);
        assertThat(api.messages(id, owner))
                .extracting(m -> m.get("content").asString())
                .as("the user's message is kept")
                .contains(question);
    }

    @Test
    void aModelThatTimesOutIsTriedThreeTimesAndThenTheConversationIsTold() {
        String id = api.start(party.tripId(), "Slow", owner).get("id").asString();
        String question = "[slow] Any beaches? " + UUID.randomUUID();

        String asked = api.post(id, question, owner).get("id").asString();
        JsonNode reply = api.awaitReplyTo(id, asked, owner);

        assertThat(reply.get("sender_type").asString()).isEqualTo("system");
        assertThat(reply.get("reply_to").asString()).isEqualTo(asked);
        assertThat(model.requestsAbout(question)).hasSize(3);
    }

    @Test
    void aModelThatFailsOnceIsRetriedAndItsAnswerIsTheReply() {
        String id = api.start(party.tripId(), "Second try", owner).get("id").asString();
        String question = "[flaky] Any parks? " + UUID.randomUUID();

        String asked = api.post(id, question, owner).get("id").asString();
        JsonNode reply = api.awaitReplyTo(id, asked, owner);

        assertThat(reply.get("sender_type").asString()).isEqualTo("assistant");
        assertThat(reply.get("content").asString()).isEqualTo(FakeChatCompletions.ANSWER_PREFIX + question);
        assertThat(model.requestsAbout(question)).hasSize(2);
    }
}
