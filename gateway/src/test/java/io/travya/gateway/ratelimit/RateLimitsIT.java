package io.travya.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.travya.gateway.FakeService;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The rate limits against the real Redis, as the gateway's own Redis user with the rules of
 * infra/redis/users.acl (had the user lacked a command the limiter's script needs, the limiter would
 * let everything through and these tests would fail).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RateLimitsIT {

    static final TestRedisUser redis = TestRedisUser.fromTemplate("gateway");
    static final RSAKey signingKey = rsaKey("travya-1");
    static final RSAKey otherKey = rsaKey("travya-1");
    static final FakeService trips = new FakeService("trips");

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    WebTestClient gateway;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        String instance = "spring.cloud.discovery.client.simple.instances.trip-service[0].";
        registry.add(instance + "uri", trips::uri);
        registry.add(instance + "metadata.management-port", trips::port);
        registry.add("management.server.port", () -> 0);
        registry.add("spring.data.redis.host", redis::host);
        registry.add("spring.data.redis.port", redis::port);
        registry.add("spring.data.redis.username", redis::username);
        registry.add("spring.data.redis.password", redis::password);
        registry.add("travya.gateway.rate-limits.key-prefix", redis::prefix);
        if (redis.tlsCa() != null) {
            registry.add("spring.data.redis.ssl.enabled", () -> "true");
            registry.add("spring.data.redis.ssl.bundle", () -> "travya");
            registry.add("spring.ssl.bundle.pem.travya.truststore.certificate", () -> "file:" + redis.tlsCa());
        }
        registry.add("travya.gateway.rate-limits.login-per-address.requests", () -> 6);
        registry.add("travya.gateway.rate-limits.login-per-username.requests", () -> 3);
        registry.add("travya.gateway.rate-limits.per-user.requests", () -> 3);
        registry.add("travya.gateway.rate-limits.per-address.requests", () -> 5);
    }

    @BeforeEach
    void client() {
        gateway =
                WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        String jwks = new JWKSet(signingKey.toPublicJWK()).toString();
        trips.answer = call -> switch (call.path()) {
            case "/.well-known/jwks.json" -> new FakeService.Answer(200, jwks);
            case "/api/v1/auth/login" -> new FakeService.Answer(401, "{}");
            default -> new FakeService.Answer(200, "{}");
        };
    }

    @AfterAll
    static void cleanUp() {
        trips.close();
        redis.close();
    }

    @Test
    void theGatewayIsHealthyWithARedisUserThatMayPingButNotAskForInfo() {
        WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + managementPort)
                .build()
                .get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP");
    }

    @Test
    void loginsAreCountedPerUsernameWhateverItsCaseAndPerClientAddress() {
        login("ann").expectStatus().isUnauthorized();
        login("ann").expectStatus().isUnauthorized();
        login("Ann").expectStatus().isUnauthorized();
        login("ANN")
                .expectStatus()
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueEquals("Retry-After", "20")
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(429)
                .jsonPath("$.limit")
                .isEqualTo("login-per-username");
        // the address has spent four of its six
        login("bob").expectStatus().isUnauthorized();
        login("bob").expectStatus().isUnauthorized();
        login("bob")
                .expectStatus()
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader()
                .valueEquals("Retry-After", "10")
                .expectBody()
                .jsonPath("$.limit")
                .isEqualTo("login-per-address");

        List<FakeService.Call> logins = trips.calls.stream()
                .filter(call -> call.path().equals("/api/v1/auth/login"))
                .toList();
        assertThat(logins)
                .as("only the logins within the limits reach trip-service")
                .hasSize(5);
        assertThat(logins.get(0).body()).as("with their body as sent").isEqualTo(body("ann"));
        assertThat(redis.keys())
                .as("Redis holds digests of the usernames, not the usernames")
                .isNotEmpty()
                .noneMatch(key -> key.contains("ann") || key.contains("bob"));
    }

    @Test
    void callsAreCountedPerUserOfAVerifiedTokenAndAForgedTokenNamesNoOne() {
        String ada = token(signingKey, "ada");
        for (int call = 0; call < 3; call++) {
            trips(ada).expectStatus().isOk();
        }
        trips(ada)
                .expectStatus()
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader()
                .valueEquals("Retry-After", "20")
                .expectBody()
                .jsonPath("$.limit")
                .isEqualTo("per-user");

        trips(token(signingKey, "grace")).expectStatus().isOk();
        // signed by someone else in ada's name: not ada's limit that counts it (the service refuses it)
        trips(token(otherKey, "ada")).expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec login(String username) {
        return gateway.post()
                .uri("/api/v1/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body(username))
                .exchange();
    }

    private static String body(String username) {
        return "{\"username\":\"" + username + "\",\"password\":\"wrong guess\"}";
    }

    private WebTestClient.ResponseSpec trips(String token) {
        return gateway.get()
                .uri("/api/v1/trips")
                .header("Authorization", "Bearer " + token)
                .exchange();
    }

    private static String token(RSAKey key, String subject) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .build(),
                    new JWTClaimsSet.Builder()
                            .issuer("travya")
                            .subject(subject)
                            .issueTime(new Date())
                            .expirationTime(Date.from(Instant.now().plusSeconds(900)))
                            .build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey rsaKey(String id) {
        try {
            return new RSAKeyGenerator(2048).keyID(id).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
