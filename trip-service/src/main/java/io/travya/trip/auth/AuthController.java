package io.travya.trip.auth;

import io.travya.platform.web.ApiException;
import io.travya.platform.web.ProblemResponses;
import io.travya.trip.user.User;
import io.travya.trip.user.UserView;
import io.travya.trip.user.Users;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Clock;
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
    private final Clock clock;

    AuthController(Users users, TokenIssuer tokens, RefreshTokens refreshTokens, LoginThrottle throttle, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.refreshTokens = refreshTokens;
        this.throttle = throttle;
        this.clock = clock;
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
        RefreshTokens.Session session = refreshTokens.start(user.getId(), user.tokenIssueTime(clock.instant()));
        return Tokens.bearer(
                tokens.accessToken(user, session.id()), tokens.accessTokenSeconds(), refreshTokens.issue(session));
    }

    @PostMapping("/refresh")
    Tokens refresh(@Valid @RequestBody RefreshRequest request) {
        RefreshTokens.Session session = refreshTokens
                .consume(request.refreshToken(), stolen -> users.endSession(stolen.userId(), stolen.id()))
                .orElseThrow(() -> ApiException.unauthorized("The refresh token is invalid, expired or already used"));
        User user = users.find(session.userId())
                .filter(User::isActive)
                .orElseThrow(() -> ApiException.unauthorized("This account is deactivated"));
        // the account's own record decides, whatever the session store says: a session started before
        // the password changed has ended
        if (user.revokes(session.startedAt())) {
            throw ApiException.unauthorized("The refresh token is invalid, expired or already used");
        }
        return Tokens.bearer(
                tokens.accessToken(user, session.id()), tokens.accessTokenSeconds(), refreshTokens.issue(session));
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

    /**
     * Ends the session the refresh token belongs to: its refresh tokens stop working, and so do its access
     * tokens, at once here and, through SessionEnded on travya.users, within a second everywhere else.
     * The token is deleted only after the event is committed, so a client that retries after a failure
     * still finds its session to end.
     */
    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(@Valid @RequestBody RefreshRequest request) {
        refreshTokens.find(request.refreshToken()).ifPresent(session -> {
            users.endSession(session.userId(), session.id());
            refreshTokens.forget(request.refreshToken());
        });
    }
}
