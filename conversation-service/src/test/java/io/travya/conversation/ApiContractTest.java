package io.travya.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.platform.test.ApiContract;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestEvents;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.tripaccess.TripAccess;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * conversation-service answers what its checked-in OpenAPI document says: every operation's success,
 * and its common refusals, with a documented status and media type.
 */
@TravyaIntegrationTest
class ApiContractTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Autowired
    TripAccess access;

    private HttpApi api;
    private ApiContract contract;
    private TripParty party;

    @BeforeEach
    void setUp() {
        api = new HttpApi(port);
        contract = ApiContract.of("conversation-service");
        party = TripParty.publish(new TestEvents(corner), access);
    }

    @Test
    void everyOperationSucceedsAsDocumented() {
        String owner = party.token(party.owner);
        HttpApi.Response started = call(
                "POST",
                "/api/v1/conversations",
                Map.of("trip_id", party.tripId().toString(), "title", "Planning"),
                owner,
                201);
        String conversation =
                "/api/v1/conversations/" + started.json().get("id").asString();
        call("GET", "/api/v1/conversations?trip_id=" + party.tripId() + "&limit=5", null, owner, 200);
        call("GET", conversation, null, party.token(party.viewer), 200);
        call("POST", conversation + "/messages", Map.of("content", "What is on day 1?"), owner, 201);
        call("GET", conversation + "/messages?limit=10", null, owner, 200);
        try (SseClient stream = SseClient.open(port, conversation + "/stream", owner, null)) {
            contract.check("GET", conversation + "/stream", stream.status(), stream.contentType(), "…");
            assertThat(stream.status()).isEqualTo(200);
        }
        // the assistant's reply changes the conversation too: read its version once the reply is in
        await().atMost(Duration.ofSeconds(60))
                .until(() -> call("GET", conversation + "/messages", null, owner, 200)
                                .json()
                                .get("data")
                                .size()
                        == 2);
        String etag = call("GET", conversation, null, owner, 200).header("ETag");
        call("PATCH", conversation, Map.of("title", "Day trips"), owner, Map.of("If-Match", etag), 200);
        call("DELETE", conversation, null, owner, 204);

        contract.requireEveryOperationSucceeded();
    }

    @Test
    void everyOperationThatNeedsATokenRefusesAnonymousCallersAsDocumented() {
        contract.everySecuredOperationRefusesAnonymousCallers(api);
    }

    @Test
    void unknownIdsAreNotFoundAsDocumented() {
        contract.unknownIdsAreNotFound(api, party.token(party.owner));
    }

    @Test
    void commonRefusalsAreDocumented() {
        String owner = party.token(party.owner);
        String conversation = "/api/v1/conversations/"
                + call(
                                "POST",
                                "/api/v1/conversations",
                                Map.of("trip_id", party.tripId().toString(), "title", "Refusals"),
                                owner,
                                201)
                        .json()
                        .get("id")
                        .asString();

        call("POST", "/api/v1/conversations", "{not json", owner, 400);
        call("POST", "/api/v1/conversations", Map.of("trip_id", party.tripId().toString(), "title", " "), owner, 422);
        call(
                "POST",
                "/api/v1/conversations",
                Map.of("trip_id", party.tripId().toString(), "title", "Not mine"),
                party.token(party.stranger),
                404);
        call("GET", "/api/v1/conversations", null, owner, 400);
        call("GET", "/api/v1/conversations?trip_id=" + party.tripId() + "&limit=101", null, owner, 422);
        call("GET", "/api/v1/conversations?trip_id=" + UUID.randomUUID(), null, owner, 404);
        call("GET", conversation + "/messages?cursor=not-ours", null, owner, 400);
        call("GET", conversation + "/messages?limit=0", null, owner, 422);
        call("PATCH", conversation, Map.of("title", "Late"), owner, Map.of("If-Match", "\"99\""), 412);
        call("DELETE", conversation, null, owner, Map.of("If-Match", "\"99\""), 412);
        call("PATCH", conversation, Map.of("is_active", false), owner, 200);
        call("POST", conversation + "/messages", Map.of("content", "Anyone?"), owner, 409);
        call("POST", conversation + "/messages", Map.of("content", ""), owner, 422);
        call("GET", conversation, null, party.token(party.invitee), 404);
    }

    private HttpApi.Response call(String method, String path, Object body, String token, int expected) {
        return call(method, path, body, token, Map.of(), expected);
    }

    private HttpApi.Response call(
            String method, String path, Object body, String token, Map<String, String> headers, int expected) {
        return contract.call(api, method, path, body, token, headers, expected);
    }
}
