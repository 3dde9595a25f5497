package io.travya.trip.auth;

import io.travya.platform.security.Caller;
import io.travya.trip.user.User;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/** Signs access tokens (RS256) for users. */
@Component
class TokenIssuer {

    /** The session an access token belongs to. */
    static final String SESSION_CLAIM = "sid";

    private final JwtEncoder encoder;
    private final SigningKeys keys;
    private final AuthProperties properties;
    private final Clock clock;

    TokenIssuer(JwtEncoder encoder, SigningKeys keys, AuthProperties properties, Clock clock) {
        this.encoder = encoder;
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * An access token of the user's session. Its {@code sid} (as OpenID Connect names a session id)
     * names the session, so that a logout can refuse exactly that session's tokens; its {@code iat} is
     * the user's {@link User#tokenIssueTime}, so a password change refuses exactly the tokens issued
     * before it.
     */
    String accessToken(User user, UUID session) {
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(properties.issuer())
                .subject(user.getId().toString())
                .id(UUID.randomUUID().toString())
                .issuedAt(user.tokenIssueTime(now))
                .expiresAt(now.plus(properties.accessTokenLifetime()))
                .claim(SESSION_CLAIM, session.toString())
                .claim("username", user.getUsername())
                .claim(Caller.SUPERUSER_CLAIM, user.isSuperuser())
                .build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256)
                .keyId(keys.signing().getKeyID())
                .build();
        return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }

    long accessTokenSeconds() {
        return properties.accessTokenLifetime().toSeconds();
    }
}
