package io.travya.trip.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import io.travya.trip.Times;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The RSA keys access tokens are signed with, kept in the service's schema so that every replica
 * signs with the same key and tokens survive restarts. The newest unretired key signs; every
 * unretired key verifies and is published in the JWKS. Private parts are stored sealed by
 * {@link SigningKeyEncryption}; at start-up, before the service takes requests, rows stored in
 * plaintext (by a version before the encryption) or sealed with a previous key-encryption key are
 * sealed again with the current one.
 */
@Component
public class SigningKeys implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final SigningKeyEncryption encryption;
    private volatile JWKSet keys;

    SigningKeys(JdbcClient jdbc, TransactionTemplate transactions, Clock clock, SigningKeyEncryption encryption) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.encryption = encryption;
    }

    @Override
    public void afterSingletonsInstantiated() {
        sealStoredKeys();
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

    /**
     * Seals with the current key-encryption key every row that is not sealed with it. Rows are locked
     * while they are sealed again, so replicas starting together do it once. A retired key that no
     * configured key opens is left as it is: nothing reads it any more.
     */
    void sealStoredKeys() {
        int sealed = transactions.execute(tx -> {
            record Row(String kid, byte[] privateKey, byte[] publicKey, String keyId, boolean retired) {}
            List<Row> rows = jdbc.sql("SELECT kid, private_key, public_key, encryption_key_id, retired_at IS NOT NULL"
                            + " FROM signing_keys WHERE encryption_key_id IS DISTINCT FROM ? FOR UPDATE")
                    .param(encryption.currentKeyId())
                    .query((rs, n) ->
                            new Row(rs.getString(1), rs.getBytes(2), rs.getBytes(3), rs.getString(4), rs.getBoolean(5)))
                    .list();
            int count = 0;
            for (Row row : rows) {
                if (row.keyId() != null && !encryption.opens(row.keyId()) && row.retired()) {
                    continue;
                }
                byte[] privateKey = row.keyId() == null
                        ? row.privateKey()
                        : encryption.open(row.kid(), row.privateKey(), row.keyId());
                rsaKey(row.kid(), privateKey, row.publicKey()); // refuse to seal a key that is not the pair's
                SigningKeyEncryption.Sealed resealed = encryption.seal(privateKey);
                jdbc.sql("UPDATE signing_keys SET private_key = ?, encryption_key_id = ? WHERE kid = ?")
                        .params(resealed.ciphertext(), resealed.keyId(), row.kid())
                        .update();
                count++;
            }
            return count;
        });
        if (sealed > 0) {
            log.info(
                    "Sealed {} signing key(s) with key-encryption key {} (they were in plaintext or under a previous key)",
                    sealed,
                    encryption.currentKeyId());
        }
    }

    private JWKSet load() {
        List<RSAKey> rows = jdbc.sql("SELECT kid, private_key, public_key, encryption_key_id FROM signing_keys"
                        + " WHERE retired_at IS NULL ORDER BY created_at DESC, kid")
                .query((rs, n) -> {
                    String kid = rs.getString(1);
                    return rsaKey(kid, encryption.open(kid, rs.getBytes(2), rs.getString(4)), rs.getBytes(3));
                })
                .list();
        return new JWKSet(List.copyOf(rows));
    }

    private void generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            SigningKeyEncryption.Sealed sealed =
                    encryption.seal(pair.getPrivate().getEncoded());
            transactions.executeWithoutResult(tx -> {
                // Replicas that start together on an empty table would each insert a key and sign with
                // their own, which the others neither verify nor publish: the first to take the lock
                // inserts, the others find its key and add none.
                jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('travya.signing_keys'))")
                        .query()
                        .singleValue();
                Long unretired = jdbc.sql("SELECT count(*) FROM signing_keys WHERE retired_at IS NULL")
                        .query(Long.class)
                        .single();
                if (unretired > 0) {
                    return;
                }
                jdbc.sql(
                                "INSERT INTO signing_keys"
                                        + " (kid, private_key, encryption_key_id, public_key, created_at) VALUES (?, ?, ?, ?, ?)")
                        .params(
                                UUID.randomUUID().toString(),
                                sealed.ciphertext(),
                                sealed.keyId(),
                                pair.getPublic().getEncoded(),
                                Timestamp.from(Times.now(clock)))
                        .update();
            });
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The key pair of a row. The private key must be the public key's other half: GCM proves a row's
     * ciphertext was not altered, but not that it belongs to this row.
     */
    private static RSAKey rsaKey(String kid, byte[] privateKey, byte[] publicKey) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPublicKey publicPart = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(publicKey));
            RSAPrivateCrtKey privatePart = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(privateKey));
            if (!privatePart.getModulus().equals(publicPart.getModulus())
                    || !privatePart.getPublicExponent().equals(publicPart.getPublicExponent())) {
                throw new IllegalStateException(
                        "Signing key " + kid + ": its private key is not its public key's pair");
            }
            return new RSAKey.Builder(publicPart)
                    .privateKey(privatePart)
                    .keyID(kid)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(com.nimbusds.jose.JWSAlgorithm.RS256)
                    .build();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("Unreadable signing key " + kid, e);
        }
    }
}
