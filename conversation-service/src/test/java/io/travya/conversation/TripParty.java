package io.travya.conversation;

import static org.awaitility.Awaitility.await;

import io.travya.platform.test.TestEvents;
import io.travya.platform.test.TestEvents.TripHistory;
import io.travya.platform.test.TestTokens;
import io.travya.tripaccess.TripAccess;
import java.time.Duration;
import java.util.UUID;

/**
 * A trip as trip-service announces it on travya.trips, with one person in each role — owner, editor,
 * viewer, pending invitee — and a stranger, once conversation-service's replica knows them all.
 */
public final class TripParty {

    public final UUID owner = UUID.randomUUID();
    public final UUID editor = UUID.randomUUID();
    public final UUID viewer = UUID.randomUUID();
    public final UUID invitee = UUID.randomUUID();
    public final UUID stranger = UUID.randomUUID();
    public final TripHistory trip = new TripHistory(owner);

    private TripParty() {}

    public static TripParty publish(TestEvents events, TripAccess access) {
        TripParty party = new TripParty();
        UUID tripId = party.trip.tripId();
        events.publish(tripId, party.trip.created());
        events.publish(tripId, party.trip.accepted(party.editor, "editor"));
        events.publish(tripId, party.trip.accepted(party.viewer, "viewer"));
        events.publish(tripId, party.trip.invited(party.invitee, "editor"));
        // the invitation changes no one's access; the acceptances before it show the replica caught up
        await().atMost(Duration.ofSeconds(30))
                .until(() -> access.roleOf(tripId, party.editor).isPresent()
                        && access.roleOf(tripId, party.viewer).isPresent());
        return party;
    }

    public UUID tripId() {
        return trip.tripId();
    }

    public String token(UUID user) {
        return TestTokens.get().tokenFor(user);
    }
}
