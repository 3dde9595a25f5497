package io.travya.trip.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SigningKeyEncryptionTest {

    private static final byte[] PRIVATE_KEY =
            "a PKCS#8 private key, as far as this test is concerned".getBytes(StandardCharsets.UTF_8);

    private final String key = randomKey();

    @Test
    void sealsAPrivateKeySoThatItsBytesAppearNowhereInTheRow() {
        SigningKeyEncryption encryption = encryption(key);

        SigningKeyEncryption.Sealed sealed = encryption.seal(PRIVATE_KEY);

        assertThat(sealed.keyId()).isEqualTo(encryption.currentKeyId()).startsWith("sha256:");
        assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("PKCS#8");
        assertThat(sealed.ciphertext()).hasSize(12 + PRIVATE_KEY.length + 16); // nonce, ciphertext, GCM tag
        assertThat(encryption.open("k1", sealed.ciphertext(), sealed.keyId())).isEqualTo(PRIVATE_KEY);
    }

    @Test
    void sealsTheSameKeyDifferentlyEachTimeWithAFreshNonce() {
        SigningKeyEncryption encryption = encryption(key);

        assertThat(encryption.seal(PRIVATE_KEY).ciphertext())
                .isNotEqualTo(encryption.seal(PRIVATE_KEY).ciphertext());
    }

    @Test
    void aRowSealedWithAnotherKeyDoesNotOpenAndTheErrorNamesTheKeyItNeeds() {
        SigningKeyEncryption.Sealed sealed = encryption(key).seal(PRIVATE_KEY);

        assertThatThrownBy(() -> encryption(randomKey()).open("k1", sealed.ciphertext(), sealed.keyId()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Signing key k1 is sealed with key-encryption key " + sealed.keyId())
                .hasMessageContaining("TRAVYA_SIGNING_KEY_ENCRYPTION_PREVIOUS_KEYS");
    }

    @Test
    void afterARotationThePreviousKeyStillOpensWhatItSealedAndTheNewOneSeals() {
        SigningKeyEncryption before = encryption(key);
        SigningKeyEncryption.Sealed sealed = before.seal(PRIVATE_KEY);
        SigningKeyEncryption after =
                new SigningKeyEncryption(new SigningKeyEncryptionProperties(randomKey(), List.of("", key)));

        assertThat(after.opens(sealed.keyId())).isTrue();
        assertThat(after.open("k1", sealed.ciphertext(), sealed.keyId())).isEqualTo(PRIVATE_KEY);
        assertThat(after.currentKeyId()).isNotEqualTo(before.currentKeyId());
        assertThat(after.seal(PRIVATE_KEY).keyId()).isEqualTo(after.currentKeyId());
    }

    @Test
    void aRowAlteredInTheDatabaseDoesNotOpen() {
        SigningKeyEncryption encryption = encryption(key);
        SigningKeyEncryption.Sealed sealed = encryption.seal(PRIVATE_KEY);
        byte[] altered = sealed.ciphertext().clone();
        altered[20] ^= 1;

        assertThatThrownBy(() -> encryption.open("k1", altered, sealed.keyId()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was altered");
    }

    @Test
    void aRowStillInPlaintextIsNotTakenAsSealed() {
        assertThatThrownBy(() -> encryption(key).open("k1", PRIVATE_KEY, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("plaintext");
    }

    @Test
    void theServiceDoesNotStartWithoutAKeyAndSaysWhichVariableToSet() {
        assertThatThrownBy(() -> encryption(""))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TRAVYA_SIGNING_KEY_ENCRYPTION_KEY")
                .hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() -> encryption(null)).hasMessageContaining("is not set");
    }

    @Test
    void aKeyMustBe256BitsInBase64() {
        assertThatThrownBy(() -> encryption(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("must be 32 random bytes")
                .hasMessageContaining("not 16 bytes");
        assertThatThrownBy(() -> encryption("not base64!")).hasMessageContaining("is not base64");
    }

    private static SigningKeyEncryption encryption(String key) {
        return new SigningKeyEncryption(new SigningKeyEncryptionProperties(key, List.of()));
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
