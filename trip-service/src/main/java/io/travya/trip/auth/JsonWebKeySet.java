package io.travya.trip.auth;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The shape of what {@link JwksController} publishes (Nimbus writes it from the keys), for the API's
 * description: an RFC 7517 key set of RSA public keys.
 */
@Schema(description = "RFC 7517 JSON Web Key Set")
record JsonWebKeySet(List<Key> keys) {

    @Schema(name = "JsonWebKey", description = "An RSA public key (RFC 7517, RFC 7518)")
    record Key(
            @Schema(description = "Key type", allowableValues = "RSA", example = "RSA")
            String kty,

            @Schema(
                    description = "Key id, named by the `kid` header of the tokens it signs",
                    example = "2f1c0a9e-7d4b-4e1f-9b7a-0c6e5d4f3a21")
            String kid,

            @Schema(description = "Use: signature", allowableValues = "sig", example = "sig")
            String use,

            @Schema(description = "Algorithm", allowableValues = "RS256", example = "RS256")
            String alg,

            @Schema(
                    description = "Modulus, base64url",
                    example =
                            "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw")
            String n,

            @Schema(description = "Public exponent, base64url", example = "AQAB")
            String e) {}
}
