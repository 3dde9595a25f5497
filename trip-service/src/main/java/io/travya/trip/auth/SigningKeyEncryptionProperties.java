package io.travya.trip.auth;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param key the key-encryption key of the private signing keys: 32 random bytes in base64
 *     ({@code TRAVYA_SIGNING_KEY_ENCRYPTION_KEY}); kept outside the database, so that neither a copy of
 *     the database nor a backup can sign tokens
 * @param previousKeys keys that sealed rows before a rotation: they only decrypt, and every row sealed
 *     with one is sealed again with {@code key} at start-up ({@code TRAVYA_SIGNING_KEY_ENCRYPTION_PREVIOUS_KEYS},
 *     comma-separated)
 */
@ConfigurationProperties("travya.auth.signing-key-encryption")
public record SigningKeyEncryptionProperties(
        String key, @DefaultValue List<String> previousKeys) {}
