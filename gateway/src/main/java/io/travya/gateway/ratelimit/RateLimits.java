package io.travya.gateway.ratelimit;

import io.travya.gateway.problem.Problems;
import io.travya.gateway.ratelimit.RateLimitProperties.Limit;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's rate limits, counted in Redis by Spring Cloud Gateway's {@link RedisRateLimiter} (a
 * token bucket in one Lua script, so every gateway instance shares the count). Logins and
 * registrations are limited per client address and per username (read from the JSON body); every
 * other call per user, the subject of a verified access token, or per address when the call has
 * none. Over a limit: 429 problem+json with {@code Retry-After}, before the request reaches a service.
 *
 * <p>A filter of its own rather than the gateway's RequestRateLimiter filter: that one applies one
 * key per route and answers 429 with an empty body, while a login needs two keys and every refusal
 * here must be problem+json with Retry-After.
 */
public class RateLimits implements GlobalFilter, Ordered {

    static final String LOGIN = "/api/v1/auth/login";
    static final String REGISTER = "/api/v1/auth/register";

    private final RedisRateLimiter limiter;
    private final ReactiveJwtDecoder tokens;
    private final RateLimitProperties properties;
    private final JsonMapper json = JsonMapper.builder().build();

    public RateLimits(RedisRateLimiter limiter, ReactiveJwtDecoder tokens, RateLimitProperties properties) {
        this.limiter = limiter;
        this.tokens = tokens;
        this.properties = properties;
        for (String name : List.of(
                "login-per-address",
                "login-per-username",
                "register-per-address",
                "register-per-username",
                "per-user",
                "per-address")) {
            Limit limit = limit(name);
            // tokens regained per second, bucket size, tokens a request takes: `requests` per `per`
            // with a burst of `requests`, in the whole numbers the script takes
            limiter.getConfig()
                    .put(
                            bucket(name),
                            new RedisRateLimiter.Config()
                                    .setReplenishRate(limit.requests())
                                    .setBurstCapacity(
                                            limit.requests() * limit.per().toSeconds())
                                    .setRequestedTokens((int) limit.per().toSeconds()));
        }
    }

    @Override
    public int getOrder() {
        // before the retries and the routing: a refused request is never sent anywhere
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().value();
        String address = clientAddress(request);
        if (request.getMethod() == HttpMethod.POST && (path.equals(LOGIN) || path.equals(REGISTER))) {
            String action = path.equals(LOGIN) ? "login" : "register";
            return ServerWebExchangeUtils.cacheRequestBody(exchange, cached -> {
                String username = username(exchange);
                ServerWebExchange withBody = exchange.mutate().request(cached).build();
                return within(
                        withBody,
                        action + "-per-address",
                        address,
                        () -> username == null
                                ? chain.filter(withBody)
                                : within(
                                        withBody,
                                        action + "-per-username",
                                        digest(username),
                                        () -> chain.filter(withBody)));
            });
        }
        return subject(request)
                .map(subject -> new Counted("per-user", subject))
                .defaultIfEmpty(new Counted("per-address", address))
                .flatMap(counted -> within(exchange, counted.limit(), counted.key(), () -> chain.filter(exchange)));
    }

    private record Counted(String limit, String key) {}

    /** Goes on with {@code next} if the request is within the limit, answers 429 otherwise. */
    private Mono<Void> within(ServerWebExchange exchange, String name, String key, Supplier<Mono<Void>> next) {
        return limiter.isAllowed(bucket(name), key)
                .flatMap(response -> response.isAllowed() ? next.get() : refuse(exchange, name));
    }

    private Mono<Void> refuse(ServerWebExchange exchange, String name) {
        Limit limit = limit(name);
        long retryAfter = limit.retryAfter().toSeconds();
        ProblemDetail problem = Problems.problem(
                HttpStatus.TOO_MANY_REQUESTS,
                "Too many requests (" + name + ": at most " + limit.requests() + " in "
                        + limit.per().toSeconds() + " s); retry in " + retryAfter + " s",
                exchange);
        problem.setProperty("limit", name);
        return Problems.write(exchange, problem, Map.of(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter)));
    }

    private String bucket(String name) {
        return properties.keyPrefix() + ":gw:" + name;
    }

    private Limit limit(String name) {
        return switch (name) {
            case "login-per-address" -> properties.loginPerAddress();
            case "login-per-username" -> properties.loginPerUsername();
            case "register-per-address" -> properties.registerPerAddress();
            case "register-per-username" -> properties.registerPerUsername();
            case "per-user" -> properties.perUser();
            case "per-address" -> properties.perAddress();
            default -> throw new IllegalArgumentException(name);
        };
    }

    static String clientAddress(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null || remote.getAddress() == null
                ? "unknown"
                : remote.getAddress().getHostAddress();
    }

    private Mono<String> subject(ServerHttpRequest request) {
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Mono.empty();
        }
        // only a token trip-service signed names a user; anything else is counted by address (and refused by the
        // service)
        return tokens.decode(authorization.substring(7).trim())
                .mapNotNull(jwt -> jwt.getSubject())
                .onErrorResume(invalid -> Mono.empty());
    }

    /** The username a login or registration names, lower-cased; null when the body has none. */
    private String username(ServerWebExchange exchange) {
        DataBuffer body = exchange.getAttribute(ServerWebExchangeUtils.CACHED_REQUEST_BODY_ATTR);
        if (body == null) {
            return null;
        }
        try {
            JsonNode node = json.readTree(body.toString(StandardCharsets.UTF_8));
            JsonNode username = node.get("username");
            return username != null
                            && username.isString()
                            && !username.asString().isBlank()
                    ? username.asString().trim().toLowerCase(Locale.ROOT)
                    : null;
        } catch (RuntimeException notJson) {
            return null; // the service answers 400
        }
    }

    /** Usernames and emails are personal data: Redis holds only their digest. */
    static String digest(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
