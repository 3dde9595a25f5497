package io.travya.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.travya.platform.test.HttpApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged gateway in front of the packaged trip-service: calls reach the service through it,
 * and its rate limits, kept in the real Redis, refuse a password-guessing run before the service
 * ever sees most of it (issue 13, test 4).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class GatewaySystemIT {

    private static final String PASSWORD = "long enough pw";

    static ServiceStack stack;
    static HttpApi gateway;

    @BeforeAll
    static void start() throws Exception {
        // every test here logs in from this machine's one address: that limit out of the way, the
        // per-username limit is the one a guessing run meets
        stack = new ServiceStack(
                Path.of(".."),
                Path.of("target"),
                List.of("trip-service"),
                true,
                "--travya.gateway.rate-limits.login-per-address.requests=1000",
                // 5 a minute: 30 attempts exceed it however slowly they go (one comes back every 12 s)
                "--travya.gateway.rate-limits.login-per-username.requests=5");
        gateway = stack.gateway();
        // the gateway uses an instance once its readiness check has passed
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> gateway.get("/.well-known/jwks.json", null).status() == 200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void thirtyWrongPasswordsForOneUserWithinAMinuteAreRefusedWith429BeforeTheThirtieth() {
        String name = register();

        List<HttpApi.Response> answers = new ArrayList<>();
        for (int attempt = 1; attempt <= 30; attempt++) {
            answers.add(gateway.post(
                    "/api/v1/auth/login", Map.of("username", name, "password", "wrong guess " + attempt), null));
        }

        List<Integer> statuses = answers.stream().map(HttpApi.Response::status).toList();
        int firstRefusal = statuses.indexOf(429);
        assertThat(firstRefusal).as("statuses: %s", statuses).isBetween(0, 28);
        assertThat(statuses.subList(0, firstRefusal))
                .as("the guesses trip-service judged")
                .containsOnly(401);
        HttpApi.Response refused = answers.get(firstRefusal);
        assertThat(refused.header("Content-Type")).contains("application/problem+json");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
        assertThat(refused.header("X-Request-Id")).isNotBlank();
        // whichever refused first (trip-service's own failed-login throttle may, when the machine is
        // slow and the gateway's bucket refills meanwhile), the gateway's limit refused some of them
        assertThat(answers).as("the gateway's refusals, which name their limit").anySatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(429);
            assertThat(answer.json().path("limit").asString("")).isEqualTo("login-per-username");
        });
    }

    @Test
    void aCallThroughTheGatewayReachesTripServiceAndCarriesTheClientsRequestId() {
        String name = register();
        HttpApi.Response login = gateway.send(
                "POST",
                "/api/v1/auth/login",
                Map.of("username", name, "password", PASSWORD),
                null,
                Map.of("X-Request-Id", "walk-through-1"));

        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        assertThat(login.header("X-Request-Id")).isEqualTo("walk-through-1");
        HttpApi.Response me =
                gateway.get("/api/v1/users/me", login.json().get("access_token").asString());
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().get("username").asString()).isEqualTo(name);
    }

    @Test
    void aServiceThatIsNotRunningAnswers503ProblemJsonFromTheGateway() {
        HttpApi.Response bookings = gateway.get("/api/v1/bookings", null);

        assertThat(bookings.status()).isEqualTo(503);
        assertThat(bookings.header("Content-Type")).contains("application/problem+json");
    }

    private static String register() {
        return SystemUsers.register(gateway, PASSWORD);
    }
}
