package io.travya.trip.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many failed logins are allowed within a window before further attempts are refused (429). A
 * limit lifts gradually: one more attempt is allowed every {@code window / failures}, so a user who
 * mistyped waits seconds or a minute, while a guesser never gets more than {@code failures} guesses a
 * window.
 *
 * @param failuresPerAccountAndAddress the limit that locks out a guesser: one client address trying
 *     one account
 * @param failuresPerAccount from all addresses together: the limit on guessing an account from many
 *     addresses (a botnet), high enough that one address cannot reach it alone
 * @param failuresPerAddress for all accounts together: the limit on one address trying many accounts
 */
@ConfigurationProperties("travya.auth.login-throttling")
public record LoginThrottlingProperties(
        @DefaultValue("15m") Duration window,
        @DefaultValue("10") int failuresPerAccountAndAddress,
        @DefaultValue("100") int failuresPerAccount,
        @DefaultValue("50") int failuresPerAddress) {

    public LoginThrottlingProperties {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("travya.auth.login-throttling.window must be positive");
        }
        if (failuresPerAccountAndAddress < 1 || failuresPerAccount < 1 || failuresPerAddress < 1) {
            throw new IllegalArgumentException("travya.auth.login-throttling.failures-* must be at least 1");
        }
    }
}
