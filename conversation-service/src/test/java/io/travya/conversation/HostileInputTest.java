package io.travya.conversation;

import static io.travya.platform.test.HostileInput.Valid.request;
import static org.awaitility.Awaitility.await;

import io.travya.platform.test.ApiContract;
import io.travya.platform.test.HostileInput;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.SchemaSnapshot;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestEvents;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.tripaccess.TripAccess;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every operation of conversation-service's document, sent a corpus of hostile and careless input
 * (see {@link HostileInput}): each request is refused with a short problem+json 4xx, and nothing in
 * the conversations schema changes.
 */
@TravyaIntegrationTest
class HostileInputTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Autowired
    TripAccess access;

    @Test
    void everyOperationRefusesHostileInputWithAShortProblemAndChangesNothing() {
        TripParty party = TripParty.publish(new TestEvents(corner), access);
        HttpApi api = new HttpApi(port);
        String owner = party.token(party.owner);
        String conversation = "/api/v1/conversations/"
                + api.post(
                                "/api/v1/conversations",
                                Map.of("trip_id", party.tripId().toString(), "title", "Planning"),
                                owner)
                        .json()
                        .get("id")
                        .asString();
        api.post(conversation + "/messages", Map.of("content", "What is on day 1?"), owner);
        // the assistant answers: the schema is still until its reply is in
        await().atMost(Duration.ofSeconds(60))
                .until(() -> api.get(conversation + "/messages", owner)
                                .json()
                                .get("data")
                                .size()
                        == 2);

        HostileInput hostile = HostileInput.against(ApiContract.of("conversation-service"), port)
                .valid(
                        "GET /api/v1/conversations",
                        request("/api/v1/conversations?trip_id=" + party.tripId() + "&skip=0&limit=5", owner))
                .valid(
                        "POST /api/v1/conversations",
                        request("/api/v1/conversations", party.token(party.editor))
                                .body(Map.of("trip_id", party.tripId().toString(), "title", "Day trips")))
                .valid("GET /api/v1/conversations/{id}", request(conversation, party.token(party.viewer)))
                .valid("GET /api/v1/conversations/{id}/messages", request(conversation + "/messages?limit=10", owner))
                .valid("GET /api/v1/conversations/{id}/stream", request(conversation + "/stream", owner))
                .valid(
                        "POST /api/v1/conversations/{id}/messages",
                        request(conversation + "/messages", owner)
                                .body(Map.of("content", "And on day 2?", "message_type", "text")))
                .valid(
                        "PATCH /api/v1/conversations/{id}",
                        request(conversation, owner).body(Map.of("title", "Lisbon", "is_active", true)))
                .valid("DELETE /api/v1/conversations/{id}", request(conversation, owner));

        SchemaSnapshot before = SchemaSnapshot.settled(corner, "conversations");
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(hostile.mishandled())
                .as("requests not refused as they should be")
                .isEmpty();
        softly.assertThat(SchemaSnapshot.of(corner, "conversations").changesSince(before))
                .as("what the corpus changed")
                .isEmpty();
        softly.assertAll();
        hostile.everyValidRequestSucceeds();
    }
}
