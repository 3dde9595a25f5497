package io.travya.booking;

import static org.awaitility.Awaitility.await;

import io.travya.events.UserEvent;
import io.travya.events.UserEventType;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestCorner;
import io.travya.platform.test.TestEvents;
import io.travya.platform.test.TestEvents.TripHistory;
import io.travya.platform.test.TestTokens;
import io.travya.platform.test.TravyaIntegrationTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A user trip-service deactivates or erases is refused here too, without waiting for their token to
 * expire.
 */
@TravyaIntegrationTest
class DeactivatedUserTest {

    @LocalServerPort
    int port;

    @Autowired
    TestCorner corner;

    @Test
    void theTokenOfADeactivatedUserStopsWorkingOnceTheEventArrivesAndWorksAgainWhenReactivated() {
        HttpApi api = new HttpApi(port);
        UUID owner = UUID.randomUUID();
        String token = TestTokens.get().tokenFor(owner);
        TripHistory trip = new TripHistory(owner);
        try (TestEvents events = new TestEvents(corner)) {
            events.publish(trip.tripId(), trip.created());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/api/v1/bookings?trip_id=" + trip.tripId(), token)
                                    .status()
                            == 200);

            events.publish(owner, TestEvents.userEvent(owner, 1, false));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/api/v1/bookings?trip_id=" + trip.tripId(), token)
                                    .status()
                            == 401);

            events.publish(owner, TestEvents.userEvent(owner, 2, true));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/api/v1/bookings?trip_id=" + trip.tripId(), token)
                                    .status()
                            == 200);
        }
    }

    @Test
    void theTokenOfAnErasedUserStopsWorkingOnceTheEventArrives() {
        HttpApi api = new HttpApi(port);
        UUID owner = UUID.randomUUID();
        String token = TestTokens.get().tokenFor(owner);
        TripHistory trip = new TripHistory(owner);
        try (TestEvents events = new TestEvents(corner)) {
            events.publish(trip.tripId(), trip.created());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/api/v1/bookings?trip_id=" + trip.tripId(), token)
                                    .status()
                            == 200);

            // as trip-service writes it: the account's last event
            UserEvent erased = TestEvents.userEvent(owner, 1, false);
            erased.put("event_type", UserEventType.UserErased);
            events.publish(owner, erased);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/api/v1/bookings?trip_id=" + trip.tripId(), token)
                                    .status()
                            == 401);
        }
    }
}
