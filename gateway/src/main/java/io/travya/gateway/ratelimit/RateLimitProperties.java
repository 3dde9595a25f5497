package io.travya.gateway.ratelimit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's rate limits ({@code travya.gateway.rate-limits.*}), each a number of requests per
 * period, counted in Redis under {@code request_rate_limiter.{<key-prefix>:gw:...}} so that every
 * instance of the gateway counts together.
 *
 * @param keyPrefix the Redis key prefix, the one the gateway's Redis user may touch (infra/redis/users.acl)
 * @param loginPerAddress logins from one client address
 * @param loginPerUsername logins naming one username (or email), from any address
 * @param registerPerAddress registrations from one client address
 * @param registerPerUsername registrations naming one username, from any address
 * @param perUser every other call of one user (the verified subject of the access token)
 * @param perAddress every other call without a valid access token, by client address
 */
@ConfigurationProperties("travya.gateway.rate-limits")
public record RateLimitProperties(
        @DefaultValue("travya") String keyPrefix,
        @DefaultValue({"10", "1m"}) Limit loginPerAddress,
        @DefaultValue({"10", "1m"}) Limit loginPerUsername,
        @DefaultValue({"10", "1m"}) Limit registerPerAddress,
        @DefaultValue({"10", "1m"}) Limit registerPerUsername,
        @DefaultValue({"300", "1m"}) Limit perUser,
        @DefaultValue({"300", "1m"}) Limit perAddress) {

    /**
     * At most {@code requests} in any {@code per}, refilled evenly: a token bucket of {@code requests}
     * that regains one request every {@code per / requests}.
     */
    public record Limit(int requests, Duration per) {

        public Limit {
            if (requests < 1) {
                throw new IllegalArgumentException("a rate limit allows at least one request, not " + requests);
            }
            if (per.toSeconds() < 1) {
                throw new IllegalArgumentException("a rate limit's period is at least one second, not " + per);
            }
        }

        /** How long until the next request is allowed, at most, once the bucket is empty. */
        public Duration retryAfter() {
            long seconds = per.toSeconds();
            return Duration.ofSeconds((seconds + requests - 1) / requests);
        }
    }
}
