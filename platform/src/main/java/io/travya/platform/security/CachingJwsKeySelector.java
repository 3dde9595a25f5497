package io.travya.platform.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyConverter;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.Key;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the RS256 key a token names (by its key id) and keeps the Java key it made from it. Nimbus's
 * own selector converts the JWK to an RSA public key for every token: under load that base64 and
 * BigInteger work was a tenth of a request's CPU. A key id the selector has not seen is looked up in
 * the key source again (rotation); a kept key is looked up again after a while (retirement).
 */
public class CachingJwsKeySelector implements JWSKeySelector<SecurityContext> {

    private record Kept(List<Key> keys, long until) {}

    private final JWKSource<SecurityContext> source;
    private final long keepNanos;
    private final Map<String, Kept> keys = new ConcurrentHashMap<>();

    public CachingJwsKeySelector(JWKSource<SecurityContext> source, Duration keep) {
        this.source = source;
        this.keepNanos = keep.toNanos();
    }

    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
        if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
            return List.of();
        }
        String kid = header.getKeyID() == null ? "" : header.getKeyID();
        Kept kept = keys.get(kid);
        if (kept != null && System.nanoTime() < kept.until()) {
            return kept.keys();
        }
        List<JWK> found = source.get(new JWKSelector(JWKMatcher.forJWSHeader(header)), context);
        List<Key> converted = KeyConverter.toJavaKeys(found);
        if (!converted.isEmpty()) {
            keys.put(kid, new Kept(converted, System.nanoTime() + keepNanos));
        }
        return converted;
    }
}
