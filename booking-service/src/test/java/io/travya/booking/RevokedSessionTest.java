package io.travya.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestEvents;
import io.travya.platform.test.TestEvents.TripHistory;
import io.travya.platform.test.TestTokens;
import io.travya.platform.test.TravyaIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A session trip-service ends (a logout), or every session of a user before their password changed,
 * is refused here within a second of its event, without waiting for the tokens to expire.
 */
@TravyaIntegrationTest
class RevokedSessionTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Test
    void theTokensOfASessionThatEndedAreRefusedWithinASecondAndTheUsersOtherSessionStillWorks() {
        HttpApi api = new HttpApi(port);
        UUID owner = UUID.randomUUID();
        UUID loggedOut = UUID.randomUUID();
        String ofTheSession = TestTokens.get().tokenFor(owner, loggedOut, Instant.now());
        String ofAnotherSession = TestTokens.get().tokenFor(owner, UUID.randomUUID(), Instant.now());
        TripHistory trip = new TripHistory(owner);
        try (TestEvents events = new TestEvents(corner)) {
            String bookings = tripWhoseBookingsAreVisible(api, events, trip, ofTheSession);
            revocationsArrive(api, events, owner, bookings);

            events.publish(owner, TestEvents.sessionEnded(owner, 3, loggedOut));

            await().atMost(Duration.ofSeconds(1))
                    .until(() -> api.get(bookings, ofTheSession).status() == 401);
            HttpApi.Response refused = api.get(bookings, ofTheSession);
            assertThat(refused.header("Content-Type")).contains("application/problem+json");
            assertThat(refused.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
            assertThat(api.get(bookings, ofAnotherSession).status()).isEqualTo(200);
        }
    }

    @Test
    void aPasswordChangeRefusesEveryTokenOfTheUserIssuedBeforeItWithinASecondButNoneIssuedSince() {
        HttpApi api = new HttpApi(port);
        UUID owner = UUID.randomUUID();
        Instant changed = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        String before = TestTokens.get().tokenFor(owner, UUID.randomUUID(), changed.minusSeconds(1));
        String otherBefore = TestTokens.get().tokenFor(owner, UUID.randomUUID(), changed.minusSeconds(300));
        String since = TestTokens.get().tokenFor(owner, UUID.randomUUID(), changed);
        TripHistory trip = new TripHistory(owner);
        try (TestEvents events = new TestEvents(corner)) {
            String bookings = tripWhoseBookingsAreVisible(api, events, trip, before);
            revocationsArrive(api, events, owner, bookings);

            events.publish(owner, TestEvents.sessionsRevoked(owner, 3, changed));

            await().atMost(Duration.ofSeconds(1))
                    .until(() -> api.get(bookings, before).status() == 401
                            && api.get(bookings, otherBefore).status() == 401);
            assertThat(api.get(bookings, since).status()).isEqualTo(200);
        }
    }

    /** The trip's bookings path, once its owner's token is accepted for it. */
    private static String tripWhoseBookingsAreVisible(HttpApi api, TestEvents events, TripHistory trip, String token) {
        events.publish(trip.tripId(), trip.created());
        String bookings = "/api/v1/bookings?trip_id=" + trip.tripId();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get(bookings, token).status() == 200);
        return bookings;
    }

    /**
     * The service reads travya.users: a session that ended a moment ago is refused. (Its consumer joins
     * its group when the service starts; the second the requirement allows starts from then on.)
     */
    private static void revocationsArrive(HttpApi api, TestEvents events, UUID user, String path) {
        UUID earlier = UUID.randomUUID();
        String token = TestTokens.get().tokenFor(user, earlier, Instant.now());
        events.publish(user, TestEvents.sessionEnded(user, 2, earlier));
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get(path, token).status() == 401);
    }
}
