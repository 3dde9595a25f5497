package io.travya.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.travya.platform.test.HttpApi;
import java.util.Map;
import java.util.UUID;

/** Users the system tests register through the API, each with a name of its own. */
final class SystemUsers {

    private SystemUsers() {}

    /** Registers a new user (through trip-service or the gateway) and returns its username. */
    static String register(HttpApi api, String password) {
        String name = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        HttpApi.Response registered = api.post(
                "/api/v1/auth/register",
                Map.of("email", name + "@example.com", "username", name, "password", password),
                null);
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        return name;
    }
}
