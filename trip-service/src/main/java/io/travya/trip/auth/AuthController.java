package io.travya.trip.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Auth", description = "Registration, and the tokens that every other operation needs")
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
    @Operation(
            operationId = "register",
            summary = "Register a user",
            description = "Needs no token. An address listed in TRAVYA_SUPERUSER_EMAILS becomes an administrator. "
                    + "The password is 8 to 128 characters and at most 72 bytes in UTF-8. Log in afterwards to get "
                    + "tokens; repeated attempts from one client are throttled (429).")
    @ApiResponse(
            responseCode = "201",
            description = "Registered",
            useReturnTypeSchema = true,
            headers = @Header(name = "Location", description = "`/api/v1/users/me`", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "409", description = "The email or the username is already registered")
    @ApiResponse(
            responseCode = "429",
            description = "Too many attempts from this client; retry after the time Retry-After gives",
            headers =
                    @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = "integer")))
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
    @Operation(
            operationId = "login",
            summary = "Log in",
            description = "Needs no token. `username` is the username or the email. Answers a short-lived bearer "
                    + "access token and a refresh token; each refresh token works once (see refresh).")
    @ApiResponse(responseCode = "200", description = "Logged in", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "401", description = "Wrong username or password, or the account is deactivated")
    @ApiResponse(
            responseCode = "429",
            description = "Too many attempts for this account or from this client; retry after the time Retry-After "
                    + "gives",
            headers =
                    @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = "integer")))
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
    @Operation(
            operationId = "refresh",
            summary = "Exchange a refresh token for new tokens",
            description = "Needs no access token. The refresh token rotates: the one sent stops working and the "
                    + "answer carries its successor.")
    @ApiResponse(responseCode = "200", description = "New tokens", useReturnTypeSchema = true)
    @ApiResponse(
            responseCode = "401",
            description = "The refresh token is invalid, expired or already used, or the account is deactivated")
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
    @Operation(
            operationId = "logout",
            summary = "Log out",
            description = "Needs no access token: ends the session of the refresh token sent. Answers 204 whether "
                    + "or not the token was still valid, so it cannot be used to test tokens.")
    @ApiResponse(responseCode = "204", description = "The session is ended")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(@Valid @RequestBody RefreshRequest request) {
        refreshTokens.find(request.refreshToken()).ifPresent(session -> {
            users.endSession(session.userId(), session.id());
            refreshTokens.forget(request.refreshToken());
        });
    }
}
