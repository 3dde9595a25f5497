package io.travya.conversation.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.travya.conversation.ConversationApi;
import io.travya.conversation.SseClient;
import io.travya.conversation.TripParty;
import io.travya.events.Conversation;
import io.travya.events.ConversationEvent;
import io.travya.events.ConversationEventType;
import io.travya.events.Message;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestEvents;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.tripaccess.TripAccess;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** GET /api/v1/conversations/{id}/stream: every new message of the conversation, as it is written. */
@TravyaIntegrationTest
class ConversationStreamTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Autowired
    TripAccess access;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    PrometheusMeterRegistry prometheus;

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
        // the streams read from the latest offset: this instance must be reading before anything is written
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !listeners
                        .getListenerContainer("conversation-service.stream")
                        .getAssignedPartitions()
                        .isEmpty());
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    @Test
    void aConnectedClientReceivesTheUsersMessageAndThenTheAssistantsReply() {
        String id = api.start(party.tripId(), "Live", owner).get("id").asString();
        try (SseClient stream = open(id, party.token(party.viewer), null)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");

            String asked = api.post(id, "What is our budget?", owner).get("id").asString();

            List<SseClient.Event> received = await().atMost(Duration.ofSeconds(30))
                    .until(() -> stream.events("message"), events -> events.size() >= 2);
            JsonNode question = JSON.readTree(received.get(0).data());
            JsonNode reply = JSON.readTree(received.get(1).data());
            assertThat(received.get(0).id()).isEqualTo(asked);
            assertThat(question.get("content").asString()).isEqualTo("What is our budget?");
            assertThat(question.get("sender_id").asString()).isEqualTo(party.owner.toString());
            assertThat(reply.get("sender_type").asString()).isEqualTo("assistant");
            assertThat(reply.get("reply_to").asString()).isEqualTo(asked);
            assertThat(reply.get("content").asString()).contains("2500.00");
            assertThat(received.get(1).id()).isEqualTo(reply.get("id").asString());
        }
    }

    @Test
    void aMessageWrittenByAnotherReplicaReachesTheClientsConnectedHere() {
        String id = api.start(party.tripId(), "Everywhere", owner).get("id").asString();
        try (SseClient stream = open(id, owner, null)) {
            // what another instance's relay publishes for a message it stored: this one never saw the write
            UUID messageId = UUID.randomUUID();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            events.publish(
                    party.tripId(),
                    ConversationEvent.newBuilder()
                            .setEventId(UUID.randomUUID())
                            .setEventType(ConversationEventType.MessagePosted)
                            .setOccurredAt(now)
                            .setAggregateId(UUID.fromString(id))
                            .setAggregateVersion(1)
                            .setActorId(party.editor)
                            .setTripId(party.tripId())
                            .setConversation(Conversation.newBuilder()
                                    .setId(UUID.fromString(id))
                                    .setTripId(party.tripId())
                                    .setTitle("Everywhere")
                                    .setIsActive(true)
                                    .setMessageCount(1)
                                    .setCreatedBy(party.owner)
                                    .setCreatedAt(now)
                                    .setUpdatedAt(now)
                                    .build())
                            .setMessage(Message.newBuilder()
                                    .setId(messageId)
                                    .setConversationId(UUID.fromString(id))
                                    .setContent("Written elsewhere")
                                    .setMessageType("text")
                                    .setSenderType("user")
                                    .setSenderId(party.editor)
                                    .setReplyTo(null)
                                    .setCreatedAt(now)
                                    .build())
                            .build());

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(stream.events("message"))
                            .extracting(SseClient.Event::id)
                            .contains(messageId.toString()));
        }
    }

    @Test
    void aClientReconnectingWithTheLastEventIdFirstGetsWhatItMissedAndNothingTwice() {
        String id = api.start(party.tripId(), "Flaky network", owner).get("id").asString();
        MessageListenerContainer live = listeners.getListenerContainer("conversation-service.stream");
        // this instance's events fall behind the database, as they do for a moment after every write
        live.pause();
        try {
            await().atMost(Duration.ofSeconds(30)).until(live::isContainerPaused);
            String first = api.post(id, "First", owner).get("id").asString();
            String firstReply = api.awaitReplyTo(id, first, owner).get("id").asString();
            String missed =
                    api.post(id, "Sent while you were away", owner).get("id").asString();
            String missedReply = api.awaitReplyTo(id, missed, owner).get("id").asString();

            try (SseClient stream = open(id, owner, firstReply)) {
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(stream.events("message"))
                                .extracting(SseClient.Event::id)
                                .containsExactly(missed, missedReply));
                live.resume();
                String next = api.post(id, "Back online", owner).get("id").asString();
                // the conversation's events are in order on one partition: once the next message has
                // come by live, the ones the client had have come by live before it
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(stream.events("message"))
                                .extracting(SseClient.Event::id)
                                .contains(next));
                assertThat(stream.events("message"))
                        .as("the messages the client had, come by live as well, are not sent again")
                        .extracting(SseClient.Event::id)
                        .startsWith(missed, missedReply, next)
                        .doesNotHaveDuplicates();
            }
        } finally {
            live.resume();
        }
    }

    @Test
    void deletingTheConversationEndsItsStreams() {
        String id = api.start(party.tripId(), "Short-lived", owner).get("id").asString();
        try (SseClient stream = open(id, party.token(party.editor), null)) {
            assertThat(api.http().delete("/api/v1/conversations/" + id, owner).status())
                    .isEqualTo(204);

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(stream.events(ConversationStreams.DELETED))
                            .extracting(SseClient.Event::data)
                            .containsExactly(id));
        }
    }

    @Test
    void aCollaboratorRemovedFromTheTripHearsNoMoreOfItsConversations() {
        String id = api.start(party.tripId(), "Team only", owner).get("id").asString();
        try (SseClient editor = open(id, party.token(party.editor), null);
                SseClient viewer = open(id, party.token(party.viewer), null)) {
            events.publish(party.tripId(), party.trip.removed(party.editor));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> access.roleOf(party.tripId(), party.editor).isEmpty());

            String asked =
                    api.post(id, "Now that we are fewer", owner).get("id").asString();

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(viewer.events("message"))
                            .extracting(SseClient.Event::id)
                            .contains(asked));
            await().atMost(Duration.ofSeconds(30)).until(editor::ended);
            assertThat(editor.events("message")).isEmpty();
        }
    }

    @Test
    void theStreamsReadEveryPartitionOfTheTopicWithoutAConsumerGroupSoARestartLeavesNothingBehind() throws Exception {
        String topic = corner.topic("conversations");
        try (Admin admin = Admin.create(corner.endpoints().kafkaAdmin())) {
            int partitions = admin.describeTopics(Set.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .size();

            assertThat(listeners
                            .getListenerContainer("conversation-service.stream")
                            .getAssignedPartitions())
                    .hasSize(partitions)
                    .allSatisfy(partition -> assertThat(partition.topic()).isEqualTo(topic));
            assertThat(admin.listConsumerGroups().all().get())
                    .extracting(ConsumerGroupListing::groupId)
                    .noneMatch(group -> group.startsWith(corner.name() + ".conversation-service.stream"));
        }
    }

    @Test
    void theStreamsListenerIsObservedInPrometheusLikeEveryOtherListener() {
        String id = api.start(party.tripId(), "Measured", owner).get("id").asString();
        try (SseClient stream = open(id, owner, null)) {
            String asked = api.post(id, "Anyone there?", owner).get("id").asString();
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(stream.events("message"))
                            .extracting(SseClient.Event::id)
                            .contains(asked));

            assertThat(prometheus.scrape())
                    .containsPattern("spring_kafka_listener_active_seconds\\w*\\{[^}]*"
                            + "messaging_kafka_consumer_group=\"none\"[^}]*"
                            + "spring_kafka_listener_id=\"conversation-service\\.stream-0\"");
            // its timer too, not refused for tag names other than those of the batch listeners' timers
            assertThat(prometheus.scrape())
                    .containsPattern("spring_kafka_listener_seconds_count\\{[^}]*"
                            + "spring_kafka_listener_id=\"conversation-service\\.stream-0\"")
                    .doesNotContainPattern("spring_kafka_listener_seconds_count\\{[^}]*[{,]name=\"");
        }
    }

    private SseClient open(String conversationId, String token, String lastEventId) {
        SseClient stream =
                SseClient.open(port, "/api/v1/conversations/" + conversationId + "/stream", token, lastEventId);
        assertThat(stream.status()).isEqualTo(200);
        return stream;
    }
}
