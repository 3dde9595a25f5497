package io.travya.trip.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import io.travya.trip.Times;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The RSA keys access tokens are signed with, kept in the service's schema so that every replica
 * signs with the same key and tokens survive restarts. The newest unretired key signs; every
 * unretired key verifies and is published in the JWKS.
 */
@Component
public class SigningKeys {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private volatile JWKSet keys;

    SigningKeys(JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The key that signs new tokens. */
    public RSAKey signing() {
        return (RSAKey) all().getKeys().get(0);
    }

    /** Every key that may have signed a token still in use, private parts included. */
    public JWKSet all() {
        JWKSet loaded = keys;
        if (loaded == null) {
            synchronized (this) {
                loaded = keys;
                if (loaded == null) {
                    loaded = load();
                    if (loaded.isEmpty()) {
                        generate();
                        loaded = load();
                    }
                    keys = loaded;
                }
            }
        }
        return loaded;
    }

    /** What /.well-known/jwks.json shows: public parts only. */
    public JWKSet published() {
        return all().toPublicJWKSet();
    }

    private JWKSet load() {
        List<RSAKey> rows = jdbc.sql(
                        "SELECT kid, private_key, public_key FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, kid")
                .query((rs, n) -> rsaKey(rs.getString(1), rs.getBytes(2), rs.getBytes(3)))
                .list();
        return new JWKSet(List.copyOf(rows));
    }

    private void generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            transactions.executeWithoutResult(tx -> jdbc.sql(
                            "INSERT INTO signing_keys (kid, private_key, public_key, created_at) VALUES (?, ?, ?, ?)")
                    .params(
                            UUID.randomUUID().toString(),
                            pair.getPrivate().getEncoded(),
                            pair.getPublic().getEncoded(),
                            Timestamp.from(Times.now(clock)))
                    .update());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey rsaKey(String kid, byte[] privateKey, byte[] publicKey) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return new RSAKey.Builder((RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(publicKey)))
                    .privateKey((RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(privateKey)))
                    .keyID(kid)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(com.nimbusds.jose.JWSAlgorithm.RS256)
                    .build();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("Unreadable signing key " + kid, e);
        }
    }
}
