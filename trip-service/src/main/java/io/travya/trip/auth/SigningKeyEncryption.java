package io.travya.trip.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.crypto.encrypt.AesBytesEncryptor;
import org.springframework.security.crypto.encrypt.AesBytesEncryptor.CipherAlgorithm;
import org.springframework.security.crypto.encrypt.BytesEncryptor;
import org.springframework.security.crypto.keygen.KeyGenerators;
import org.springframework.stereotype.Component;

/**
 * Seals the private signing keys before they are stored, with AES-256-GCM under a key-encryption key
 * that is not in the database. Spring Security Crypto's {@link AesBytesEncryptor} does the sealing (a
 * fresh 96-bit nonce per key, stored before the ciphertext, and GCM's tag, which makes a wrong key or an
 * altered row fail to open), given the key itself rather than a password to derive one from: the
 * key is already 256 random bits. Each key is named by a digest of it, stored beside the row, so that
 * after a rotation the service knows which key opens which row.
 */
@Component
public class SigningKeyEncryption {

    static final String PROPERTY = "travya.auth.signing-key-encryption.key (TRAVYA_SIGNING_KEY_ENCRYPTION_KEY)";
    private static final String PREVIOUS_PROPERTY =
            "travya.auth.signing-key-encryption.previous-keys (TRAVYA_SIGNING_KEY_ENCRYPTION_PREVIOUS_KEYS)";

    /** A private key sealed for storage, and the id of the key-encryption key that sealed it. */
    record Sealed(byte[] ciphertext, String keyId) {}

    private final String currentId;
    /** By id; the current key first. */
    private final Map<String, BytesEncryptor> encryptors = new LinkedHashMap<>();

    SigningKeyEncryption(SigningKeyEncryptionProperties properties) {
        if (properties.key() == null || properties.key().isBlank()) {
            throw new IllegalStateException(PROPERTY + " is not set. trip-service stores its private signing keys "
                    + "encrypted with it, and it must not be in the database: generate one with "
                    + "`openssl rand -base64 32` and keep it (./travya up keeps one in .travya/secrets/); "
                    + "README.md, \"Signing keys at rest\"");
        }
        byte[] current = decode(properties.key(), PROPERTY);
        currentId = idOf(current);
        encryptors.put(currentId, encryptor(current));
        for (String previous : properties.previousKeys()) {
            if (!previous.isBlank()) {
                byte[] key = decode(previous, PREVIOUS_PROPERTY);
                encryptors.putIfAbsent(idOf(key), encryptor(key));
            }
        }
    }

    Sealed seal(byte[] privateKey) {
        return new Sealed(encryptors.get(currentId).encrypt(privateKey), currentId);
    }

    /** The private key a row holds; fails, naming the key, when no configured key opens it. */
    byte[] open(String kid, byte[] ciphertext, String keyId) {
        if (keyId == null) {
            throw new IllegalStateException("Signing key " + kid + " is stored in plaintext, as by a version of "
                    + "trip-service before the encryption; it is sealed when the service starts again");
        }
        BytesEncryptor encryptor = encryptors.get(keyId);
        if (encryptor == null) {
            throw new IllegalStateException("Signing key " + kid + " is sealed with key-encryption key " + keyId
                    + ", which is neither " + PROPERTY + " (" + currentId + ") nor one of " + PREVIOUS_PROPERTY
                    + ": configure the key it was sealed with, at least as a previous key");
        }
        try {
            return encryptor.decrypt(ciphertext);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    "Signing key " + kid + " does not open with key-encryption key " + keyId
                            + ": its row was altered (GCM's tag does not match)",
                    e);
        }
    }

    String currentKeyId() {
        return currentId;
    }

    boolean opens(String keyId) {
        return encryptors.containsKey(keyId);
    }

    private static BytesEncryptor encryptor(byte[] key) {
        return new AesBytesEncryptor(
                new SecretKeySpec(key, "AES"), KeyGenerators.secureRandom(12), CipherAlgorithm.GCM);
    }

    private static byte[] decode(String base64, String property) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " is not base64: " + e.getMessage(), e);
        }
        if (key.length != 32) {
            throw new IllegalStateException(
                    property + " must be 32 random bytes in base64 (`openssl rand -base64 32`), " + "not " + key.length
                            + " bytes");
        }
        return key;
    }

    /** A name for a key that reveals nothing of it: the start of its SHA-256 (the key is 256 random bits). */
    private static String idOf(byte[] key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("travya signing-key encryption key\n".getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(sha256.digest(key), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
