package io.travya.trip;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.trip.Accounts.Account;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.TestPropertySource;

/**
 * Failed logins are counted per account and address, per account and per address, and over a limit
 * the next login is refused with 429 until the limit lifts. The test client plays the trusted gateway
 * (127.0.0.1) and names each client's address in X-Forwarded-For. The window is long enough that no
 * attempt comes back while a test makes its attempts (one every 30 s per account and address); the
 * test that sees a lock lift moves the throttle's clock on instead of waiting.
 */
@TravyaIntegrationTest
@TestPropertySource(
        properties = {
            "travya.auth.login-throttling.window=90s",
            "travya.auth.login-throttling.failures-per-account-and-address=3",
            "travya.auth.login-throttling.failures-per-account=5",
            "travya.auth.login-throttling.failures-per-address=4",
            "server.tomcat.remoteip.internal-proxies=127.0.0.1/32"
        })
class LoginThrottlingTest {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    MovableClock clock;

    HttpApi api;
    Accounts accounts;

    @BeforeEach
    void setUp() {
        api = new HttpApi(port);
        accounts = new Accounts(api);
    }

    @Test
    void afterTooManyWrongPasswordsTheNextLoginIsRefusedWith429AndRetryAfter() {
        Account user = accounts.newUser();
        String from = newAddress();

        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(wrongPassword(user, from).status())
                    .as("attempt " + attempt)
                    .isEqualTo(401);
        }
        HttpApi.Response fourth = wrongPassword(user, from);
        HttpApi.Response rightPassword = login(user.username(), user.password(), from);

        assertThat(fourth.status()).isEqualTo(429);
        assertThat(fourth.header("Content-Type")).contains("application/problem+json");
        assertThat(fourth.json().get("detail").asString()).startsWith("Too many failed logins");
        assertThat(Long.parseLong(fourth.header("Retry-After"))).isBetween(1L, 90L);
        assertThat(rightPassword.status())
                .as("while locked, not even the right password is checked")
                .isEqualTo(429);
        assertThat(rightPassword.header("Retry-After")).isNotNull();
    }

    @Test
    void theLockLiftsByItselfAndTheRightPasswordThenWorks() {
        Account user = accounts.newUser();
        String from = newAddress();
        for (int attempt = 1; attempt <= 3; attempt++) {
            wrongPassword(user, from);
        }
        HttpApi.Response locked = login(user.username(), user.password(), from);
        assertThat(locked.status()).isEqualTo(429);

        // as long as Retry-After says, without waiting it out: the throttle's clock moves on
        clock.moveForward(Duration.ofSeconds(Long.parseLong(locked.header("Retry-After"))));
        assertThat(login(user.username(), user.password(), from).status()).isEqualTo(200);
    }

    @Test
    void aSuccessfulLoginForgetsTheAccountsFailures() {
        Account user = accounts.newUser();
        String from = newAddress();

        assertThat(wrongPassword(user, from).status()).isEqualTo(401);
        assertThat(wrongPassword(user, from).status()).isEqualTo(401);
        assertThat(login(user.username(), user.password(), from).status()).isEqualTo(200);

        // without the reset, the first of these would be the account's fourth attempt at this address
        assertThat(wrongPassword(user, from).status()).isEqualTo(401);
        assertThat(wrongPassword(user, from).status()).isEqualTo(401);
    }

    @Test
    void anotherUserFromTheSameAddressMayTryUntilTheAddressLimit() {
        Account locked = accounts.newUser();
        Account other = accounts.newUser();
        String from = newAddress();
        for (int attempt = 1; attempt <= 3; attempt++) {
            wrongPassword(locked, from);
        }
        assertThat(wrongPassword(locked, from).status()).isEqualTo(429);

        assertThat(login(other.username(), other.password(), from).status())
                .as("a success does not count against the address")
                .isEqualTo(200);
        assertThat(wrongPassword(other, from).status())
                .as("the address's fourth failure")
                .isEqualTo(401);
        assertThat(login(other.username(), other.password(), from).status())
                .as("the address is over its limit")
                .isEqualTo(429);
        assertThat(login(other.username(), other.password(), newAddress()).status())
                .as("from anywhere else")
                .isEqualTo(200);
    }

    @Test
    void anAttackerAtOneAddressDoesNotLockTheUserOutElsewhere() {
        Account user = accounts.newUser();
        String attacker = newAddress();
        for (int attempt = 1; attempt <= 3; attempt++) {
            wrongPassword(user, attacker);
        }
        assertThat(wrongPassword(user, attacker).status()).isEqualTo(429);

        assertThat(login(user.username(), user.password(), newAddress()).status())
                .isEqualTo(200);
        assertThat(login(user.email(), user.password(), newAddress()).status()).isEqualTo(200);
    }

    @Test
    void theLimitPerAccountHoldsAcrossAddressesAndNamesTheAccountByUsernameOrEmail() {
        Account user = accounts.newUser();
        String first = newAddress();
        String second = newAddress();
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(wrongPassword(user, first).status()).isEqualTo(401);
        }
        assertThat(login(user.email().toUpperCase(), "not the password", second).status())
                .isEqualTo(401);
        assertThat(wrongPassword(user, second).status())
                .as("the account's fifth failure")
                .isEqualTo(401);

        assertThat(wrongPassword(user, newAddress()).status()).isEqualTo(429);
        assertThat(login(user.username(), user.password(), newAddress()).status())
                .as("the price of stopping guesses from many addresses: the account waits for its next attempt")
                .isEqualTo(429);
    }

    @Test
    void anUnknownAccountIsCountedLikeAKnownOne() {
        String from = newAddress();
        String nobody = "nobody-" + System.nanoTime();
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(login(nobody, "some password", from).status()).isEqualTo(401);
        }

        assertThat(login(nobody.toUpperCase(), "some password", from).status()).isEqualTo(429);
    }

    private HttpApi.Response wrongPassword(Account user, String from) {
        return login(user.username(), "not the password", from);
    }

    private HttpApi.Response login(String username, String password, String from) {
        return api.send(
                "POST",
                "/api/v1/auth/login",
                Map.of("username", username, "password", password),
                null,
                Map.of("X-Forwarded-For", from));
    }

    /**
     * The throttle's clock: the system's, moved forward when a test would otherwise wait for tokens to
     * come back.
     */
    static final class MovableClock implements TimeMeter {

        private final AtomicLong ahead = new AtomicLong();

        @Override
        public long currentTimeNanos() {
            return TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()) + ahead.get();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }

        void moveForward(Duration by) {
            ahead.addAndGet(by.toNanos());
        }
    }

    @TestConfiguration
    static class ThrottleClock {

        @Bean
        MovableClock throttleClock() {
            return new MovableClock();
        }
    }

    /** A client address of its own for each use (from TEST-NET-3, addresses for documentation). */
    private static String newAddress() {
        return "203.0.113." + ADDRESSES.incrementAndGet();
    }
}
