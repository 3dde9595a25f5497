package io.travya.trip.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.travya.platform.test.HttpApi;
import io.travya.platform.test.TravyaIntegrationTest;
import io.travya.trip.Accounts;
import io.travya.trip.Accounts.Account;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The private signing keys at rest: sealed in the database, and a service started again (a new
 * {@link SigningKeys} over the same rows, as after a restart) reads them, signs and verifies.
 */
@TravyaIntegrationTest
class SigningKeyStorageTest {

    @LocalServerPort
    int port;

    @Autowired
    SigningKeys keys;

    @Autowired
    SigningKeyEncryption encryption;

    @Autowired
    SigningKeyEncryptionProperties properties;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    Clock clock;

    @Test
    void theStoredPrivateKeyIsNotThePkcs8KeyButItsCiphertext() {
        new Accounts(new HttpApi(port)).newUser(); // a login: the service signs with its key
        RSAKey signing = keys.signing();

        Row row = row(signing.getKeyID());

        byte[] pkcs8 = privateKeyOf(signing);
        assertThat(row.encryptionKeyId()).isEqualTo(encryption.currentKeyId());
        assertThat(row.privateKey()).isNotEqualTo(pkcs8);
        assertThat(HexFormat.of().formatHex(row.privateKey()))
                .as("not even part of the private key is stored as it is")
                .doesNotContain(HexFormat.of().formatHex(pkcs8, 100, 132));
        assertThatThrownBy(
                        () -> KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(row.privateKey())))
                .as("the row is no PKCS#8 key")
                .isInstanceOf(InvalidKeySpecException.class);
    }

    @Test
    void afterARestartTheKeysStillVerifyTheTokensIssuedBeforeAndSignNewOnes() throws Exception {
        Account account = new Accounts(new HttpApi(port)).newUser();
        SignedJWT issuedBefore = SignedJWT.parse(account.token());

        SigningKeys restarted = restart(encryption);

        RSAKey published = (RSAKey)
                restarted.published().getKeyByKeyId(issuedBefore.getHeader().getKeyID());
        assertThat(issuedBefore.verify(new RSASSAVerifier(published))).isTrue();
        SignedJWT signedAfter = signedBy(restarted.signing());
        assertThat(signedAfter.verify(new RSASSAVerifier((RSAKey)
                        keys.published().getKeyByKeyId(signedAfter.getHeader().getKeyID()))))
                .as("the running service verifies what the restarted one signs")
                .isTrue();
    }

    @Test
    void aKeyStoredInPlaintextByAnEarlierVersionIsSealedAtStartAndStillSigns() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        String kid = "plaintext-" + UUID.randomUUID();
        jdbc.sql("INSERT INTO signing_keys (kid, private_key, public_key, created_at) VALUES (?, ?, ?, ?)")
                .params(
                        kid,
                        pair.getPrivate().getEncoded(),
                        pair.getPublic().getEncoded(),
                        Timestamp.from(Instant.now().plus(Duration.ofDays(1)))) // the newest: it signs
                .update();
        try {
            SigningKeys restarted = restart(encryption);

            Row row = row(kid);
            assertThat(row.encryptionKeyId()).isEqualTo(encryption.currentKeyId());
            assertThat(row.privateKey()).isNotEqualTo(pair.getPrivate().getEncoded());
            assertThat(restarted.signing().getKeyID()).isEqualTo(kid);
            assertThat(privateKeyOf(restarted.signing()))
                    .isEqualTo(pair.getPrivate().getEncoded());
            SignedJWT signed = signedBy(restarted.signing());
            RSAKey published = (RSAKey) restart(encryption).published().getKeyByKeyId(kid);
            assertThat(signed.verify(new RSASSAVerifier(published))).isTrue();
        } finally {
            jdbc.sql("DELETE FROM signing_keys WHERE kid = ?").param(kid).update();
        }
    }

    @Test
    void afterARotationTheKeysAreSealedWithTheNewKeyAndTheOldOneAloneNoLongerOpensThem() {
        keys.signing();
        String newKey = randomKey();
        SigningKeyEncryption rotated =
                new SigningKeyEncryption(new SigningKeyEncryptionProperties(newKey, List.of(properties.key())));
        try {
            SigningKeys restarted = restart(rotated);

            assertThat(unretiredRows()).extracting(Row::encryptionKeyId).containsOnly(rotated.currentKeyId());
            assertThat(restarted.signing().getKeyID()).isEqualTo(keys.signing().getKeyID());
            assertThatThrownBy(() -> restart(encryption))
                    .as("a replica that has only the old key refuses to start")
                    .hasMessageContaining("is sealed with key-encryption key " + rotated.currentKeyId());
        } finally {
            new SigningKeys(
                            jdbc,
                            transactions,
                            clock,
                            new SigningKeyEncryption(
                                    new SigningKeyEncryptionProperties(properties.key(), List.of(newKey))))
                    .sealStoredKeys();
        }
        assertThat(unretiredRows()).extracting(Row::encryptionKeyId).containsOnly(encryption.currentKeyId());
    }

    @Test
    void replicasStartingTogetherOnAnEmptyTableAgreeOnOneSigningKey() throws Exception {
        keys.signing(); // the running service's key, retired below and restored after
        List<String> earlier = jdbc.sql(
                        "UPDATE signing_keys SET retired_at = now() WHERE retired_at IS NULL RETURNING kid")
                .query(String.class)
                .list();
        try {
            ExecutorService replicas = Executors.newFixedThreadPool(4);
            List<Future<SigningKeys>> started = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                started.add(replicas.submit(() -> restart(encryption)));
            }
            List<String> signingKids = new ArrayList<>();
            for (var replica : started) {
                signingKids.add(replica.get().signing().getKeyID());
            }
            replicas.shutdown();

            assertThat(unretiredRows()).hasSize(1);
            assertThat(signingKids).containsOnly(unretiredRows().get(0).kid());
        } finally {
            jdbc.sql("DELETE FROM signing_keys WHERE retired_at IS NULL").update();
            jdbc.sql("UPDATE signing_keys SET retired_at = NULL WHERE kid IN (:kids)")
                    .param("kids", earlier)
                    .update();
        }
    }

    /** What a service starting again does with the rows: seal them, then load them when it first signs. */
    private SigningKeys restart(SigningKeyEncryption with) {
        SigningKeys restarted = new SigningKeys(jdbc, transactions, clock, with);
        restarted.afterSingletonsInstantiated();
        restarted.all();
        return restarted;
    }

    private static SignedJWT signedBy(RSAKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder()
                        .issuer("travya")
                        .subject(UUID.randomUUID().toString())
                        .expirationTime(Date.from(Instant.now().plusSeconds(60)))
                        .build());
        jwt.sign(new RSASSASigner(key));
        return jwt;
    }

    private static byte[] privateKeyOf(RSAKey key) {
        try {
            return key.toRSAPrivateKey().getEncoded();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Row(String kid, byte[] privateKey, String encryptionKeyId) {}

    private Row row(String kid) {
        return jdbc.sql("SELECT kid, private_key, encryption_key_id FROM signing_keys WHERE kid = ?")
                .param(kid)
                .query((rs, n) -> new Row(rs.getString(1), rs.getBytes(2), rs.getString(3)))
                .single();
    }

    private List<Row> unretiredRows() {
        return jdbc.sql("SELECT kid, private_key, encryption_key_id FROM signing_keys WHERE retired_at IS NULL")
                .query((rs, n) -> new Row(rs.getString(1), rs.getBytes(2), rs.getString(3)))
                .list();
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
