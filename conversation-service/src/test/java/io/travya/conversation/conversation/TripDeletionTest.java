package io.travya.conversation.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.conversation.ConsumerGroups;
import io.travya.conversation.ConversationApi;
import io.travya.conversation.TripParty;
import io.travya.events.ConversationEvent;
import io.travya.events.ConversationEventType;
import io.travya.events.TripEvent;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestEvents;
import io.travya.platform.test.TestEvents.BookingHistory;
import io.travya.platform.test.TopicReader;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.tripaccess.TripAccess;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A trip deleted in trip-service takes its conversations here with it, by event, once. */
@TravyaIntegrationTest
class TripDeletionTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Autowired
    TripAccess access;

    @Autowired
    JdbcClient jdbc;

    TestEvents events;
    HttpApi http;
    ConversationApi api;

    @BeforeEach
    void setUp() {
        events = new TestEvents(corner);
        http = new HttpApi(port);
        api = new ConversationApi(http);
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    @Test
    void deletingATripDeletesItsConversationsMessagesAndContextOnceEvenWhenTheEventComesTwice() {
        TripParty party = TripParty.publish(events, access);
        TripParty neighbours = TripParty.publish(events, access);
        String owner = party.token(party.owner);
        String first = conversationWithAnAnswer(party, "Food");
        String second = conversationWithAnAnswer(party, "Museums");
        String untouched = conversationWithAnAnswer(neighbours, "Ours");
        BookingHistory hotel =
                new BookingHistory(party.tripId(), "hotel", "Hotel Avenida", "640.00", "EUR", LocalDate.of(2027, 5, 1));
        events.publish(party.tripId(), hotel.created());
        await().atMost(Duration.ofSeconds(30)).until(() -> rows("trip_booking", party.tripId()) == 1);

        TripEvent deleted = party.trip.deleted();
        events.publish(party.tripId(), deleted);
        events.publish(party.tripId(), deleted);
        ConsumerGroups.awaitCaughtUp(corner, ConsumerGroups.of(corner, "trip-access"), corner.topic("trips"));

        assertThat(http.get("/api/v1/conversations/" + first, owner).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/conversations?trip_id=" + party.tripId(), owner)
                        .status())
                .isEqualTo(404);
        assertThat(rows("conversations", party.tripId())).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM conversation_messages WHERE conversation_id IN (?, ?)")
                        .params(UUID.fromString(first), UUID.fromString(second))
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(rows("trip_context", party.tripId())).isZero();
        assertThat(rows("trip_booking", party.tripId())).isZero();
        assertThat(api.messages(untouched, neighbours.token(neighbours.owner))).hasSize(2);

        // published after the cascade: once it is on the topic, so is every deletion the cascade made
        String marker = api.post(untouched, "Still here", neighbours.token(neighbours.owner))
                .get("id")
                .asString();
        List<ConversationEvent> published = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> TopicReader.events(
                                corner.endpoints(),
                                corner.topic("conversations"),
                                ConversationEvent.class,
                                e -> Set.of(first, second)
                                                .contains(e.getAggregateId().toString())
                                        || (e.getMessage() != null
                                                && e.getMessage()
                                                        .getId()
                                                        .toString()
                                                        .equals(marker))),
                        found -> found.stream()
                                .anyMatch(e -> e.getMessage() != null
                                        && e.getMessage().getId().toString().equals(marker)));
        List<ConversationEvent> deletions = published.stream()
                .filter(e -> e.getEventType().equals(ConversationEventType.ConversationDeleted))
                .toList();
        assertThat(deletions).extracting(e -> e.getAggregateId().toString()).containsExactlyInAnyOrder(first, second);
        assertThat(deletions).allSatisfy(e -> {
            assertThat(e.getActorId()).isEqualTo(party.owner);
            assertThat(e.getAggregateVersion()).isEqualTo(3);
            assertThat(e.getConversation().getMessageCount()).isEqualTo(2);
        });
    }

    private String conversationWithAnAnswer(TripParty party, String title) {
        String token = party.token(party.owner);
        String id = api.start(party.tripId(), title, token).get("id").asString();
        String asked = api.post(id, "What is planned?", token).get("id").asString();
        api.awaitReplyTo(id, asked, token);
        return id;
    }

    private long rows(String table, UUID tripId) {
        return jdbc.sql("SELECT count(*) FROM " + table + " WHERE trip_id = ?")
                .param(tripId)
                .query(Long.class)
                .single();
    }
}
