package io.travya.platform.test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Stands in for trip-service as the token issuer in other services' tests: signs RS256 tokens and
 * serves its public key at a JWKS URL, exactly as trip-service does.
 */
public final class TestTokens {

    private static TestTokens instance;

    private final RSAKey key;
    private final RSAKey stranger;
    private final HttpServer server;

    private TestTokens() throws JOSEException, IOException {
        key = new RSAKeyGenerator(2048)
                .keyID("test-" + UUID.randomUUID())
                .keyUse(KeyUse.SIGNATURE)
                .generate();
        stranger = new RSAKeyGenerator(2048)
                .keyID(key.getKeyID())
                .keyUse(KeyUse.SIGNATURE)
                .generate();
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jwks);
            }
        });
        server.start();
    }

    public static synchronized TestTokens get() {
        if (instance == null) {
            try {
                instance = new TestTokens();
            } catch (JOSEException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    public String jwksUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
    }

    /** A valid access token for the user, as trip-service would issue it (in a session of its own). */
    public String tokenFor(UUID userId) {
        return sign(key, userId, Instant.now().plus(Duration.ofMinutes(15)), "travya");
    }

    /**
     * A valid access token of the user's session (its {@code sid}), issued at {@code issuedAt} (its
     * {@code iat}, in whole seconds like every JWT's), valid for 15 minutes from now.
     */
    public String tokenFor(UUID userId, UUID session, Instant issuedAt) {
        return sign(key, userId, session, issuedAt, Instant.now().plus(Duration.ofMinutes(15)), "travya");
    }

    public String expiredTokenFor(UUID userId) {
        return sign(key, userId, Instant.now().minus(Duration.ofMinutes(5)), "travya");
    }

    /** Signed with another key that claims the same key id. */
    public String forgedTokenFor(UUID userId) {
        return sign(stranger, userId, Instant.now().plus(Duration.ofMinutes(15)), "travya");
    }

    /** A valid token for {@code userId} whose payload was then edited to name {@code victim}. */
    public String tamperedToken(UUID userId, UUID victim) {
        String[] parts = tokenFor(userId).split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(userId.toString(), victim.toString());
        return parts[0] + "."
                + java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }

    public String tokenFromAnotherIssuer(UUID userId) {
        return sign(key, userId, Instant.now().plus(Duration.ofMinutes(15)), "someone-else");
    }

    private static String sign(RSAKey with, UUID userId, Instant expires, String issuer) {
        return sign(with, userId, UUID.randomUUID(), expires.minus(Duration.ofMinutes(15)), expires, issuer);
    }

    private static String sign(
            RSAKey with, UUID userId, UUID session, Instant issuedAt, Instant expires, String issuer) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(with.getKeyID())
                            .build(),
                    new JWTClaimsSet.Builder()
                            .issuer(issuer)
                            .subject(userId.toString())
                            .issueTime(new Date(issuedAt.toEpochMilli()))
                            .expirationTime(new Date(expires.toEpochMilli()))
                            .jwtID(UUID.randomUUID().toString())
                            .claim("sid", session.toString())
                            .claim("is_superuser", false)
                            .build());
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
