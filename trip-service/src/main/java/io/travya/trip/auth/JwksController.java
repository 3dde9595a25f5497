package io.travya.trip.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public keys other services verify access tokens with. */
@RestController
@Tag(name = "Auth")
class JwksController {

    private final SigningKeys keys;

    JwksController(SigningKeys keys) {
        this.keys = keys;
    }

    @GetMapping("/.well-known/jwks.json")
    @Operation(
            operationId = "jsonWebKeySet",
            summary = "The keys access tokens are signed with",
            description = "Needs no token. RFC 7517 JSON Web Key Set of RS256 public keys; booking- and "
                    + "conversation-service verify tokens with it. Cacheable for five minutes.")
    @ApiResponse(
            responseCode = "200",
            description = "The key set",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JsonWebKeySet.class)),
            headers =
                    @Header(
                            name = "Cache-Control",
                            description = "`max-age=300, public`",
                            schema = @Schema(type = "string")))
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok()
                .cacheControl(
                        CacheControl.maxAge(java.time.Duration.ofMinutes(5)).cachePublic())
                .body(keys.published().toJSONObject());
    }
}
