package io.travya.trip.auth;

import io.travya.platform.web.ApiException;
import io.travya.trip.user.User;
import io.travya.trip.user.UserView;
import io.travya.trip.user.Users;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

    private final Users users;
    private final TokenIssuer tokens;
    private final RefreshTokens refreshTokens;

    AuthController(Users users, TokenIssuer tokens, RefreshTokens refreshTokens) {
        this.users = users;
        this.tokens = tokens;
        this.refreshTokens = refreshTokens;
    }

    @PostMapping("/register")
    ResponseEntity<UserView> register(@Valid @RequestBody Registration registration) {
        User user = users.register(
                registration.email(), registration.username(), registration.password(), registration.fullName());
        return ResponseEntity.created(URI.create("/api/v1/users/me")).body(UserView.of(user));
    }

    @PostMapping("/login")
    Tokens login(@Valid @RequestBody Credentials credentials) {
        User user = users.authenticate(credentials.username(), credentials.password())
                .orElseThrow(() -> ApiException.unauthorized("Wrong username or password"));
        if (!user.isActive()) {
            throw ApiException.unauthorized("This account is deactivated");
        }
        return Tokens.bearer(tokens.accessToken(user), tokens.accessTokenSeconds(), refreshTokens.issue(user.getId()));
    }

    @PostMapping("/refresh")
    Tokens refresh(@Valid @RequestBody RefreshRequest request) {
        RefreshTokens.Session session = refreshTokens
                .consume(request.refreshToken())
                .orElseThrow(() -> ApiException.unauthorized("The refresh token is invalid, expired or already used"));
        User user = users.find(session.userId())
                .filter(User::isActive)
                .orElseThrow(() -> ApiException.unauthorized("This account is deactivated"));
        return Tokens.bearer(tokens.accessToken(user), tokens.accessTokenSeconds(), refreshTokens.rotate(session));
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(@Valid @RequestBody RefreshRequest request) {
        refreshTokens.revoke(request.refreshToken());
    }
}
