package io.travya.trip.auth;

import io.travya.platform.web.ApiException;
import io.travya.platform.web.ProblemResponses;
import io.travya.trip.user.User;
import io.travya.trip.user.UserView;
import io.travya.trip.user.Users;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
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
    private final LoginThrottle throttle;

    AuthController(Users users, TokenIssuer tokens, RefreshTokens refreshTokens, LoginThrottle throttle) {
        this.users = users;
        this.tokens = tokens;
        this.refreshTokens = refreshTokens;
        this.throttle = throttle;
    }

    @PostMapping("/register")
    ResponseEntity<UserView> register(@Valid @RequestBody Registration registration) {
        User user = users.register(
                registration.email(), registration.username(), registration.password(), registration.fullName());
        return ResponseEntity.created(URI.create("/api/v1/users/me")).body(UserView.of(user));
    }

    /**
     * Too many recent failures for the account or from the client's address: 429 before the password
     * is even checked (see {@link LoginThrottle}). The address is the request's remote address, or
     * what a trusted proxy says in X-Forwarded-For (server.tomcat.remoteip.internal-proxies).
     */
    @PostMapping("/login")
    Tokens login(@Valid @RequestBody Credentials credentials, HttpServletRequest request) {
        LoginThrottle.Attempt attempt =
                throttle.begin(users.accountKey(credentials.username()), request.getRemoteAddr());
        User user = users.authenticate(credentials.username(), credentials.password())
                .orElseThrow(() -> ApiException.unauthorized("Wrong username or password"));
        attempt.succeeded();
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

    @ExceptionHandler(LoginThrottled.class)
    ResponseEntity<ProblemDetail> throttled(LoginThrottled e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(ProblemResponses.problem(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "Too many failed logins for this account or from this address; try again in "
                                + e.retryAfterSeconds() + " seconds",
                        List.of()));
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(@Valid @RequestBody RefreshRequest request) {
        refreshTokens.revoke(request.refreshToken());
    }
}
