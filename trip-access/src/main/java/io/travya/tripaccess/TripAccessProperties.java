package io.travya.tripaccess;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether this service keeps a replica of trip access from travya.trips
 * @param catchUpWait how long a request that names a trip version the replica does not hold yet
 *     (header Travya-Trip-Version) waits for it: a booking created right after its trip must not fail
 *     because the trip's event is still on its way (measured replication lag is tens of milliseconds;
 *     this bound covers a busy moment). Requests that name no version never wait.
 * @param maxWaiting how many requests may wait at once; the others answer from what the replica holds
 */
@ConfigurationProperties("travya.trip-access")
public record TripAccessProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("3s") Duration catchUpWait,
        @DefaultValue("16") int maxWaiting) {}
