package io.travya.tripaccess.tokens;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param rememberedFor how long an ended session (from when it ended) and a user's revocation instant
 *     (from that instant) are remembered: the longest access-token lifetime trip-service issues
 *     ({@code travya.auth.access-token-lifetime}, 15 minutes) plus the clock skew a token's expiry is
 *     checked with (60 s, Spring Security's JwtTimestampValidator). After that every token they refuse
 *     has expired anyway. Raise it with trip-service's lifetime, never below it.
 */
@ConfigurationProperties("travya.revoked-sessions")
public record RevokedSessionsProperties(@DefaultValue("16m") Duration rememberedFor) {}
