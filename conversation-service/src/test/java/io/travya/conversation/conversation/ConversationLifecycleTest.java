package io.travya.conversation.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.conversation.ConversationApi;
import io.travya.conversation.TripParty;
import io.travya.events.ConversationEvent;
import io.travya.events.ConversationEventType;
import io.travya.events.TripEvent;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.RawHttp;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestEvents;
import io.travya.platform.test.TestEvents.TripHistory;
import io.travya.platform.test.TopicReader;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.platform.web.ExpectedTripVersion;
import io.travya.tripaccess.TripAccess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Conversations through the API, and the events they publish. */
@TravyaIntegrationTest
class ConversationLifecycleTest {

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
    void aConversationNeedsAKnownTripAndATitle() {
        HttpApi.Response noTitle = http.post(
                "/api/v1/conversations", Map.of("trip_id", party.tripId().toString()), owner);
        HttpApi.Response blankTitle = http.post(
                "/api/v1/conversations", Map.of("trip_id", party.tripId().toString(), "title", "  "), owner);
        HttpApi.Response badTrip =
                http.post("/api/v1/conversations", Map.of("trip_id", "lisbon", "title", "Plans"), owner);
        HttpApi.Response unknownTrip = http.post(
                "/api/v1/conversations", Map.of("trip_id", UUID.randomUUID().toString(), "title", "Plans"), owner);

        assertThat(noTitle.status()).as(noTitle.toString()).isEqualTo(422);
        assertThat(noTitle.json().get("errors").get(0).get("field").asString()).isEqualTo("title");
        assertThat(blankTitle.status()).as(blankTitle.toString()).isEqualTo(422);
        assertThat(badTrip.status()).as(badTrip.toString()).isEqualTo(422);
        assertThat(badTrip.json().get("errors").get(0).get("field").asString()).isEqualTo("trip_id");
        assertThat(unknownTrip.status()).as(unknownTrip.toString()).isEqualTo(404);
    }

    @Test
    void aConversationStartedRightAfterItsTripIsCreatedSucceedsWhenTheClientNamesTheTripsVersion() {
        TripHistory trip = new TripHistory(party.owner);
        TripEvent created = trip.created();

        events.publish(trip.tripId(), created);
        HttpApi.Response started = http.send(
                "POST",
                "/api/v1/conversations",
                Map.of("trip_id", trip.tripId().toString(), "title", "Straight away"),
                owner,
                Map.of(ExpectedTripVersion.HEADER, Long.toString(created.getAggregateVersion())));

        assertThat(started.status()).as(started.toString()).isEqualTo(201);
    }

    @Test
    void requestsThatCannotBeReadAreRefusedAsProblemJsonAndChangeNothing() {
        String id = api.start(party.tripId(), "Plans", owner).get("id").asString();

        HttpApi.Response undecodable = http.get("/api/v1/conversations?trip_id=" + party.tripId() + "&x=%ff", owner);
        HttpApi.Response nul = RawHttp.get(port, "/api/v1/conversations/%00", owner);
        HttpApi.Response euro = RawHttp.send(
                port,
                "PATCH",
                "/api/v1/conversations/" + id,
                owner,
                Map.of("If-Match", RawHttp.utf8("\"€\"")),
                "{\"title\": \"Renamed\"}".getBytes(StandardCharsets.UTF_8));

        for (HttpApi.Response refused : List.of(undecodable, nul, euro)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(undecodable.json().get("errors").get(0).get("field").asString())
                .isEqualTo("query");
        assertThat(api.conversation(id, owner).get("title").asString()).isEqualTo("Plans");
    }

    @Test
    void aMessageNeedsContentAndOneOfTheKnownMessageTypesNamedAsText() {
        String id = api.start(party.tripId(), "Plans", owner).get("id").asString();
        String messages = "/api/v1/conversations/" + id + "/messages";

        HttpApi.Response blank = http.post(messages, Map.of("content", " "), owner);
        HttpApi.Response unknownType = http.post(messages, Map.of("content", "Hi", "message_type", "video"), owner);
        HttpApi.Response numberedType = http.post(messages, Map.of("content", "Hi", "message_type", 1), owner);
        HttpApi.Response impersonating =
                http.post(messages, Map.of("content", "Hi", "sender_type", "assistant"), owner);
        HttpApi.Response suggestion =
                http.post(messages, Map.of("content", "Let's see Sintra", "message_type", "suggestion"), owner);

        assertThat(blank.status()).as(blank.toString()).isEqualTo(422);
        assertThat(unknownType.status()).as(unknownType.toString()).isEqualTo(422);
        assertThat(unknownType.json().get("errors").get(0).get("reason").asString())
                .contains("text", "itinerary", "booking", "suggestion");
        assertThat(numberedType.status()).as("a number names no message type").isEqualTo(422);
        assertThat(numberedType.json().get("errors").get(0).get("field").asString())
                .isEqualTo("message_type");
        assertThat(impersonating.status()).as(impersonating.toString()).isEqualTo(422);
        assertThat(suggestion.status()).as(suggestion.toString()).isEqualTo(201);
        JsonNode posted = suggestion.json();
        assertThat(posted.get("message_type").asString()).isEqualTo("suggestion");
        assertThat(posted.get("sender_type").asString()).isEqualTo("user");
        assertThat(posted.get("sender_id").asString()).isEqualTo(party.owner.toString());
        assertThat(posted.get("reply_to").isNull()).isTrue();
        assertThat(api.messages(id, owner))
                .filteredOn(m -> m.get("sender_type").asString().equals("user"))
                .as("only the message that was accepted was written")
                .hasSize(1);
    }

    @Test
    void theListShowsEachConversationWithItsLastMessageAndCountMostRecentlyActiveFirst() {
        String quiet = api.start(party.tripId(), "Quiet", owner).get("id").asString();
        String busy = api.start(party.tripId(), "Busy", owner).get("id").asString();
        String asked = api.post(busy, "What is our budget?", party.token(party.editor))
                .get("id")
                .asString();
        JsonNode reply = api.awaitReplyTo(busy, asked, owner);

        HttpApi.Response listed =
                http.get("/api/v1/conversations?trip_id=" + party.tripId(), party.token(party.viewer));
        HttpApi.Response second =
                http.get("/api/v1/conversations?trip_id=" + party.tripId() + "&skip=1&limit=1", owner);
        HttpApi.Response tooMany = http.get("/api/v1/conversations?trip_id=" + party.tripId() + "&limit=101", owner);

        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        JsonNode data = listed.json().get("data");
        assertThat(listed.json().get("count").asLong()).isEqualTo(2);
        assertThat(data.get(0).get("id").asString()).isEqualTo(busy);
        assertThat(data.get(0).get("message_count").asLong()).isEqualTo(2);
        assertThat(data.get(0).get("last_message").get("id").asString())
                .isEqualTo(reply.get("id").asString());
        assertThat(data.get(0).get("last_message").get("sender_type").asString())
                .isEqualTo("assistant");
        assertThat(data.get(0).get("is_active").asBoolean()).isTrue();
        assertThat(data.get(0).get("created_by").asString()).isEqualTo(party.owner.toString());
        assertThat(data.get(1).get("id").asString()).isEqualTo(quiet);
        assertThat(data.get(1).get("message_count").asLong()).isZero();
        assertThat(data.get(1).get("last_message").isNull()).isTrue();
        assertThat(second.json().get("data").get(0).get("id").asString()).isEqualTo(quiet);
        assertThat(second.json().get("count").asLong()).isEqualTo(2);
        assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(422);
    }

    @Test
    void anArchivedConversationIsReadButNotWrittenUntilItIsRestored() {
        String id = api.start(party.tripId(), "Old plans", owner).get("id").asString();

        HttpApi.Response archived = http.patch("/api/v1/conversations/" + id, Map.of("is_active", false), owner);
        HttpApi.Response refused =
                http.post("/api/v1/conversations/" + id + "/messages", Map.of("content", "Hello?"), owner);
        HttpApi.Response read = http.get("/api/v1/conversations/" + id + "/messages", owner);
        HttpApi.Response restored = http.patch("/api/v1/conversations/" + id, Map.of("is_active", true), owner);
        HttpApi.Response accepted =
                http.post("/api/v1/conversations/" + id + "/messages", Map.of("content", "Hello!"), owner);

        assertThat(archived.status()).as(archived.toString()).isEqualTo(200);
        assertThat(archived.json().get("is_active").asBoolean()).isFalse();
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(read.status()).isEqualTo(200);
        assertThat(restored.json().get("is_active").asBoolean()).isTrue();
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
    }

    @Test
    void aChangeMadeAgainstAnOldVersionIsRefused() {
        HttpApi.Response started = http.post(
                "/api/v1/conversations", Map.of("trip_id", party.tripId().toString(), "title", "Draft"), owner);
        String id = started.json().get("id").asString();
        String etag = started.header("ETag");
        HttpApi.Response renamed = http.send(
                "PATCH", "/api/v1/conversations/" + id, Map.of("title", "Food"), owner, Map.of("If-Match", etag));

        HttpApi.Response stale = http.send(
                "PATCH", "/api/v1/conversations/" + id, Map.of("title", "Museums"), owner, Map.of("If-Match", etag));

        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(renamed.header("ETag")).isEqualTo("\"1\"");
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
        assertThat(api.conversation(id, owner).get("title").asString()).isEqualTo("Food");
    }

    @Test
    void everyChangeIsPublishedWithTheConversationsFullStateAndItsNextVersion() {
        JsonNode started = api.start(party.tripId(), "Day trips", owner);
        String id = started.get("id").asString();
        String asked = api.post(id, "What is on the itinerary?", party.token(party.viewer))
                .get("id")
                .asString();
        String replied = api.awaitReplyTo(id, asked, owner).get("id").asString();
        http.patch("/api/v1/conversations/" + id, Map.of("title", "Day trips from Lisbon"), owner);
        assertThat(http.delete("/api/v1/conversations/" + id, owner).status()).isEqualTo(204);

        List<ConversationEvent> published = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> TopicReader.events(
                                corner.endpoints(),
                                corner.topic("conversations"),
                                ConversationEvent.class,
                                e -> e.getAggregateId().toString().equals(id)),
                        found -> found.size() == 5);

        assertThat(published)
                .extracting(ConversationEvent::getEventType)
                .containsExactly(
                        ConversationEventType.ConversationStarted,
                        ConversationEventType.MessagePosted,
                        ConversationEventType.MessagePosted,
                        ConversationEventType.ConversationUpdated,
                        ConversationEventType.ConversationDeleted);
        assertThat(published).extracting(ConversationEvent::getAggregateVersion).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(published).allSatisfy(e -> assertThat(e.getTripId()).isEqualTo(party.tripId()));
        assertThat(published)
                .extracting(e -> e.getConversation().getMessageCount())
                .containsExactly(0L, 1L, 2L, 2L, 2L);
        assertThat(published.get(0).getActorId()).isEqualTo(party.owner);
        assertThat(published.get(0).getConversation().getCreatedBy()).isEqualTo(party.owner);
        assertThat(published.get(1).getMessage().getId().toString()).isEqualTo(asked);
        assertThat(published.get(1).getMessage().getSenderType()).isEqualTo("user");
        assertThat(published.get(1).getMessage().getSenderId()).isEqualTo(party.viewer);
        assertThat(published.get(1).getActorId()).isEqualTo(party.viewer);
        assertThat(published.get(2).getMessage().getId().toString()).isEqualTo(replied);
        assertThat(published.get(2).getMessage().getSenderType()).isEqualTo("assistant");
        assertThat(published.get(2).getMessage().getSenderId()).isNull();
        assertThat(published.get(2).getMessage().getReplyTo().toString()).isEqualTo(asked);
        assertThat(published.get(3).getConversation().getTitle()).isEqualTo("Day trips from Lisbon");
        assertThat(published.get(4).getConversation().getId().toString()).isEqualTo(id);
    }
}
