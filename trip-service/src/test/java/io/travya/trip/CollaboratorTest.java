package io.travya.trip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.events.Collaborator;
import io.travya.events.TripEvent;
import io.travya.events.TripEventType;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TopicReader;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.trip.Accounts.Account;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@TravyaIntegrationTest
class CollaboratorTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    HttpApi api;
    Fixtures fixtures;

    @BeforeEach
    void setUp() {
        api = new HttpApi(port);
        fixtures = new Fixtures(api);
    }

    @Test
    void anInviteeByEmailSeesTheInvitationAndOnlyAfterAcceptingTheTrip() {
        Account owner = fixtures.user();
        Account friend = fixtures.user();
        UUID trip = fixtures.trip(owner);

        HttpApi.Response invited = api.post(
                "/api/v1/trips/" + trip + "/collaborators",
                Map.of("email", friend.email().toUpperCase(), "role", "editor"),
                owner.token());
        UUID id = UUID.fromString(invited.json().get("id").asString());
        JsonNode invitations =
                api.get("/api/v1/users/me/invitations", friend.token()).json();

        assertThat(invited.status()).isEqualTo(201);
        assertThat(invited.json().get("status").asString()).isEqualTo("pending");
        assertThat(invitations.get("count").asLong()).isEqualTo(1);
        assertThat(invitations.get("data").get(0).get("trip_title").asString()).isEqualTo("Trip to Lisbon, Portugal");
        assertThat(invitations.get("data").get(0).get("inviter_username").asString())
                .isEqualTo(owner.username());
        assertThat(api.get("/api/v1/trips/" + trip, friend.token()).status()).isEqualTo(404);

        HttpApi.Response accepted =
                api.post("/api/v1/trips/" + trip + "/collaborators/" + id + "/accept", null, friend.token());

        assertThat(accepted.json().get("status").asString()).isEqualTo("accepted");
        assertThat(accepted.json().get("accepted_at").isNull()).isFalse();
        assertThat(api.get("/api/v1/trips/" + trip, friend.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/users/me/invitations", friend.token())
                        .json()
                        .get("count")
                        .asLong())
                .isZero();
    }

    @Test
    void aDeclinedInviteeDoesNotSeeTheTripAndCanBeInvitedAgain() {
        Account owner = fixtures.user();
        Account friend = fixtures.user();
        UUID trip = fixtures.trip(owner);
        UUID id = fixtures.invite(owner, trip, friend, "viewer");

        assertThat(api.post("/api/v1/trips/" + trip + "/collaborators/" + id + "/decline", null, friend.token())
                        .status())
                .isEqualTo(204);
        assertThat(api.post("/api/v1/trips/" + trip + "/collaborators/" + id + "/accept", null, friend.token())
                        .status())
                .as("a declined invitation cannot be accepted")
                .isEqualTo(409);
        assertThat(api.get("/api/v1/trips/" + trip, friend.token()).status()).isEqualTo(404);
        assertThat(fixtures.invite(owner, trip, friend, "editor")).isEqualTo(id);
    }

    @Test
    void onlyTheInviteeAnswersAnInvitation() {
        Account owner = fixtures.user();
        Account friend = fixtures.user();
        Account stranger = fixtures.user();
        UUID trip = fixtures.trip(owner);
        UUID id = fixtures.invite(owner, trip, friend, "viewer");

        assertThat(api.post("/api/v1/trips/" + trip + "/collaborators/" + id + "/accept", null, stranger.token())
                        .status())
                .isEqualTo(404);
        assertThat(api.post("/api/v1/trips/" + trip + "/collaborators/" + id + "/accept", null, owner.token())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void invitingTwiceTheOwnerOrNobodyIsRefused() {
        Account owner = fixtures.user();
        Account friend = fixtures.user();
        UUID trip = fixtures.trip(owner);
        fixtures.invite(owner, trip, friend, "viewer");

        HttpApi.Response twice = api.post(
                "/api/v1/trips/" + trip + "/collaborators",
                Map.of("username", friend.username(), "role", "editor"),
                owner.token());
        HttpApi.Response self = api.post(
                "/api/v1/trips/" + trip + "/collaborators",
                Map.of("username", owner.username(), "role", "editor"),
                owner.token());
        HttpApi.Response nobody = api.post(
                "/api/v1/trips/" + trip + "/collaborators",
                Map.of("email", "nobody-" + UUID.randomUUID() + "@example.com", "role", "editor"),
                owner.token());
        HttpApi.Response both = api.post(
                "/api/v1/trips/" + trip + "/collaborators",
                Map.of("email", friend.email(), "username", friend.username(), "role", "editor"),
                owner.token());

        assertThat(twice.status()).isEqualTo(409);
        assertThat(self.status()).isEqualTo(422);
        assertThat(nobody.status()).isEqualTo(422);
        assertThat(nobody.json().get("errors").get(0).get("field").asString()).isEqualTo("email");
        assertThat(both.status()).isEqualTo(422);
    }

    @Test
    void theOwnerChangesARoleAndAViewerBecomesAnEditor() {
        Account owner = fixtures.user();
        Account friend = fixtures.user();
        UUID trip = fixtures.trip(owner);
        UUID id = fixtures.share(owner, trip, friend, "viewer");

        assertThat(api.patch("/api/v1/trips/" + trip, Map.of("title", "Mine now"), friend.token())
                        .status())
                .isEqualTo(403);
        assertThat(api.patch("/api/v1/trips/" + trip + "/collaborators/" + id, Map.of("role", "editor"), friend.token())
                        .status())
                .as("a collaborator cannot promote themselves")
                .isEqualTo(403);
        HttpApi.Response promoted =
                api.patch("/api/v1/trips/" + trip + "/collaborators/" + id, Map.of("role", "editor"), owner.token());

        assertThat(promoted.json().get("role").asString()).isEqualTo("editor");
        assertThat(api.patch("/api/v1/trips/" + trip, Map.of("title", "Ours now"), friend.token())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aCollaboratorLeavesOrIsRemovedAndLosesAccess() {
        Account owner = fixtures.user();
        Account leaver = fixtures.user();
        Account removed = fixtures.user();
        UUID trip = fixtures.trip(owner);
        UUID leaving = fixtures.share(owner, trip, leaver, "editor");
        UUID removing = fixtures.share(owner, trip, removed, "viewer");

        assertThat(api.delete("/api/v1/trips/" + trip + "/collaborators/" + removing, leaver.token())
                        .status())
                .as("an editor cannot remove someone else")
                .isEqualTo(403);
        assertThat(api.delete("/api/v1/trips/" + trip + "/collaborators/" + leaving, leaver.token())
                        .status())
                .isEqualTo(204);
        assertThat(api.delete("/api/v1/trips/" + trip + "/collaborators/" + removing, owner.token())
                        .status())
                .isEqualTo(204);

        assertThat(api.get("/api/v1/trips/" + trip, leaver.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/trips/" + trip, removed.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/trips/" + trip + "/collaborators", owner.token())
                        .json()
                        .get("count")
                        .asLong())
                .isZero();
    }

    @Test
    void everyEventCarriesWhoMaySeeTheTripAfterIt() {
        Account owner = fixtures.user();
        Account editor = fixtures.user();
        Account viewer = fixtures.user();
        UUID trip = fixtures.trip(owner);
        fixtures.share(owner, trip, editor, "editor");
        UUID viewerId = fixtures.invite(owner, trip, viewer, "viewer");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<TripEvent> events = TopicReader.events(
                    corner.endpoints(),
                    corner.topic("trips"),
                    TripEvent.class,
                    e -> e.getAggregateId().equals(trip));
            assertThat(events).hasSize(4);
            TripEvent last = events.get(3);
            assertThat(last.getEventType()).isEqualTo(TripEventType.CollaboratorInvited);
            assertThat(last.getCollaborator().getId()).isEqualTo(viewerId);
            assertThat(last.getCollaborators())
                    .extracting(Collaborator::getUserId, Collaborator::getRole, Collaborator::getStatus)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(editor.id(), "editor", "accepted"),
                            org.assertj.core.groups.Tuple.tuple(viewer.id(), "viewer", "pending"));
        });
    }
}
