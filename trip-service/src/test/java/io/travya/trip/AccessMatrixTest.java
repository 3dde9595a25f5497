package io.travya.trip;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TestTokens;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.trip.Accounts.Account;
import io.travya.trip.auth.SigningKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Who may do what with a trip and everything under it: the owner, an accepted editor, an accepted
 * viewer, a pending invitee, a stranger, and requests with no, expired, tampered or forged tokens.
 */
@TravyaIntegrationTest
class AccessMatrixTest {

    @LocalServerPort
    int port;

    @Autowired
    SigningKeys signingKeys;

    HttpApi api;
    Fixtures fixtures;

    Account owner;
    Account editor;
    Account viewer;
    Account pending;
    Account stranger;
    UUID trip;
    UUID item;
    Map<String, String> tokens;

    @BeforeEach
    void setUp() throws Exception {
        api = new HttpApi(port);
        fixtures = new Fixtures(api);
        owner = fixtures.user();
        editor = fixtures.user();
        viewer = fixtures.user();
        pending = fixtures.user();
        stranger = fixtures.user();
        trip = fixtures.trip(owner);
        item = fixtures.itineraryItem(owner, trip, 1, "Arrival");
        fixtures.share(owner, trip, editor, "editor");
        fixtures.share(owner, trip, viewer, "viewer");
        fixtures.invite(owner, trip, pending, "editor");
        tokens = new LinkedHashMap<>();
        tokens.put("owner", owner.token());
        tokens.put("editor", editor.token());
        tokens.put("viewer", viewer.token());
        tokens.put("pending invitee", pending.token());
        tokens.put("stranger", stranger.token());
        tokens.put("no token", null);
        tokens.put("expired token", expiredTokenOf(owner));
        tokens.put("tampered token", tampered(stranger.token(), stranger.id(), owner.id()));
        tokens.put("token signed by another key", TestTokens.get().tokenFor(owner.id()));
    }

    //                                         owner editor viewer pending stranger none expired tampered forged
    private static final int[] READ = {200, 200, 200, 404, 404, 401, 401, 401, 401};
    private static final int[] WRITE = {200, 200, 403, 404, 404, 401, 401, 401, 401};
    private static final int[] CREATE = {201, 201, 403, 404, 404, 401, 401, 401, 401};
    private static final int[] REMOVE = {204, 204, 403, 404, 404, 401, 401, 401, 401};
    private static final int[] OWNER_ONLY = {200, 403, 403, 404, 404, 401, 401, 401, 401};
    private static final int[] OWNER_CREATES = {201, 403, 403, 404, 404, 401, 401, 401, 401};
    private static final int[] OWNER_REMOVES = {204, 403, 403, 404, 404, 401, 401, 401, 401};

    @Test
    void readingTheTripItsItineraryAndItsCollaborators() {
        check("GET trip", READ, token -> api.get("/api/v1/trips/" + trip, token));
        check("GET itinerary", READ, token -> api.get("/api/v1/trips/" + trip + "/itineraries", token));
        check("GET item", READ, token -> api.get("/api/v1/trips/" + trip + "/itineraries/" + item, token));
        check("GET collaborators", READ, token -> api.get("/api/v1/trips/" + trip + "/collaborators", token));
    }

    @Test
    void changingTheTripAndItsItinerary() {
        check("PATCH trip", WRITE, token -> api.patch("/api/v1/trips/" + trip, Map.of("title", "Edited"), token));
        check(
                "POST item",
                CREATE,
                token -> api.post("/api/v1/trips/" + trip + "/itineraries", Map.of("day", 2, "title", "Added"), token));
        check(
                "PATCH item",
                WRITE,
                token ->
                        api.patch("/api/v1/trips/" + trip + "/itineraries/" + item, Map.of("title", "Changed"), token));
        check(
                "DELETE item",
                REMOVE,
                token -> api.delete(
                        "/api/v1/trips/" + trip + "/itineraries/" + fixtures.itineraryItem(owner, trip, 3, "Doomed"),
                        token));
    }

    @Test
    void managingCollaboratorsIsTheOwnersAlone() {
        check(
                "POST collaborator",
                OWNER_CREATES,
                token -> api.post(
                        "/api/v1/trips/" + trip + "/collaborators",
                        Map.of("username", fixtures.user().username(), "role", "viewer"),
                        token));
        check(
                "PATCH collaborator",
                OWNER_ONLY,
                token -> api.patch(
                        "/api/v1/trips/" + trip + "/collaborators/"
                                + fixtures.invite(owner, trip, fixtures.user(), "viewer"),
                        Map.of("role", "editor"),
                        token));
        check(
                "DELETE collaborator",
                OWNER_REMOVES,
                token -> api.delete(
                        "/api/v1/trips/" + trip + "/collaborators/"
                                + fixtures.invite(owner, trip, fixtures.user(), "viewer"),
                        token));
    }

    @Test
    void deletingTheTripIsTheOwnersAlone() {
        List<String> roles = new ArrayList<>(tokens.keySet());
        // everyone but the owner first, so that the trip is still there to refuse them
        for (int i = roles.size() - 1; i >= 0; i--) {
            String role = roles.get(i);
            int expected = OWNER_REMOVES[i];
            assertThat(api.delete("/api/v1/trips/" + trip, tokens.get(role)).status())
                    .as("DELETE trip as %s", role)
                    .isEqualTo(expected);
        }
        assertThat(api.get("/api/v1/trips/" + trip, owner.token()).status()).isEqualTo(404);
    }

    private void check(String what, int[] expected, Function<String, HttpApi.Response> request) {
        List<String> roles = new ArrayList<>(tokens.keySet());
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < roles.size(); i++) {
            HttpApi.Response response = request.apply(tokens.get(roles.get(i)));
            if (response.status() != expected[i]) {
                wrong.add(roles.get(i) + ": expected " + expected[i] + ", got " + response);
            }
            if (response.status() >= 400) {
                assertThat(response.header("Content-Type"))
                        .as(what + " as " + roles.get(i))
                        .contains("problem+json");
            }
        }
        assertThat(wrong).as(what).isEmpty();
    }

    /** A token the service itself signed, expired a minute ago. */
    private String expiredTokenOf(Account account) throws Exception {
        var key = signingKeys.signing();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder()
                        .issuer("travya")
                        .subject(account.id().toString())
                        .issueTime(Date.from(Instant.now().minusSeconds(960)))
                        .expirationTime(Date.from(Instant.now().minusSeconds(60)))
                        .build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** A real token whose payload was edited to name someone else: its signature no longer matches. */
    private static String tampered(String token, UUID from, UUID to) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace(from.toString(), to.toString());
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "."
                + parts[2];
    }
}
