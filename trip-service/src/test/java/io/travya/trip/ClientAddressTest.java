package io.travya.trip;

import static org.assertj.core.api.Assertions.assertThat;

import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.trip.Accounts.Account;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** With the default configuration no proxy is trusted: X-Forwarded-For cannot change the client's address. */
@TravyaIntegrationTest
class ClientAddressTest {

    @LocalServerPort
    int port;

    @Test
    void aClientCannotChooseTheAddressItsFailedLoginsAreCountedAgainst() {
        HttpApi api = new HttpApi(port);
        Account user = new Accounts(api).newUser();

        for (int attempt = 1; attempt <= 10; attempt++) {
            assertThat(wrongPassword(api, user, "198.51.100." + attempt).status())
                    .as("attempt " + attempt)
                    .isEqualTo(401);
        }

        assertThat(wrongPassword(api, user, "198.51.100.11").status())
                .as("the eleventh failure from the same real address, whatever the header says")
                .isEqualTo(429);
    }

    private static HttpApi.Response wrongPassword(HttpApi api, Account user, String claimedAddress) {
        return api.send(
                "POST",
                "/api/v1/auth/login",
                Map.of("username", user.username(), "password", "not the password"),
                null,
                Map.of("X-Forwarded-For", claimedAddress));
    }
}
