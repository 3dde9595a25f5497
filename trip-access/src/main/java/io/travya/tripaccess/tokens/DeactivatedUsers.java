package io.travya.tripaccess.tokens;

import io.travya.events.UserEvent;
import io.travya.events.UserEventType;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The users trip-service has deactivated or erased, learnt from travya.users, so that services which only
 * verify tokens refuse a deactivated user's token at once rather than when it expires. Every replica
 * reads the whole topic into memory (a consumer group of its own, from the beginning): the set is
 * small, and each replica must know every user. Platform's resource server consults it as one of its
 * token validators.
 */
public class DeactivatedUsers implements OAuth2TokenValidator<Jwt> {

    private static final OAuth2Error DEACTIVATED = new OAuth2Error("invalid_token", "The user is deactivated", null);

    private final Map<UUID, Long> versions = new ConcurrentHashMap<>();
    private final Map<UUID, Boolean> deactivated = new ConcurrentHashMap<>();

    /** Each event of travya.users, from {@link UserEventsReader}. */
    void on(UserEvent event) {
        UUID user = event.getAggregateId();
        Long known = versions.get(user);
        if (known != null && known >= event.getAggregateVersion()) {
            return;
        }
        versions.put(user, event.getAggregateVersion());
        // an erased account is refused whatever its last state says: nothing can follow its erasure
        if (event.getUser().getIsActive() && event.getEventType() != UserEventType.UserErased) {
            deactivated.remove(user);
        } else {
            deactivated.put(user, Boolean.TRUE);
        }
    }

    public boolean isDeactivated(UUID user) {
        return deactivated.containsKey(user);
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        try {
            return isDeactivated(UUID.fromString(token.getSubject()))
                    ? OAuth2TokenValidatorResult.failure(DEACTIVATED)
                    : OAuth2TokenValidatorResult.success();
        } catch (IllegalArgumentException | NullPointerException e) {
            return OAuth2TokenValidatorResult.failure(
                    new OAuth2Error("invalid_token", "The token names no user", null));
        }
    }
}
