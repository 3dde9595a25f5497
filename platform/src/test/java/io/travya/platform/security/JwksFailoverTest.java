package io.travya.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.travya.platform.test.TestTokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * With several trip-service instances, a service knows the keys' address at each of them: losing one
 * instance must not stop it verifying tokens.
 */
class JwksFailoverTest {

    @Test
    void verifiesTokensWithTheKeysOfTheNextAddressWhenTheFirstDoesNotAnswer() throws Exception {
        JwtDecoder decoder =
                decoderFor(List.of(addressNobodyAnswers(), TestTokens.get().jwksUri()));
        UUID user = UUID.randomUUID();

        Jwt token = decoder.decode(TestTokens.get().tokenFor(user));

        assertThat(token.getSubject()).isEqualTo(user.toString());
    }

    @Test
    void stillRefusesAForgedTokenWhateverAddressAnswers() throws Exception {
        JwtDecoder decoder =
                decoderFor(List.of(addressNobodyAnswers(), TestTokens.get().jwksUri()));

        assertThatThrownBy(() -> decoder.decode(TestTokens.get().forgedTokenFor(UUID.randomUUID())))
                .isInstanceOf(JwtException.class);
    }

    @Test
    void refusesEveryTokenWhenNoAddressAnswers() throws Exception {
        JwtDecoder decoder = decoderFor(List.of(addressNobodyAnswers(), addressNobodyAnswers()));

        assertThatThrownBy(() -> decoder.decode(TestTokens.get().tokenFor(UUID.randomUUID())))
                .isInstanceOf(JwtException.class);
    }

    private static JwtDecoder decoderFor(List<String> jwksUris) throws Exception {
        return new SecurityAutoConfiguration()
                .jwksJwtDecoder(
                        new ResourceServerProperties(jwksUris, "travya", List.of()),
                        new DefaultListableBeanFactory().getBeanProvider(validatorType()));
    }

    @SuppressWarnings("unchecked")
    private static Class<OAuth2TokenValidator<Jwt>> validatorType() {
        return (Class<OAuth2TokenValidator<Jwt>>) (Class<?>) OAuth2TokenValidator.class;
    }

    /** A port that was free a moment ago: connections to it are refused, as to a stopped instance. */
    private static String addressNobodyAnswers() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/.well-known/jwks.json";
        }
    }
}
