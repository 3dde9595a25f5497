package io.travya.gateway.problem;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The problem details (RFC 9457) the gateway answers with itself, shaped as the services shape theirs
 * (a {@code type} per status under {@code https://travya.io/problems/}, the reason phrase as
 * {@code title}), so a client cannot tell from an error's form whether the gateway or a service said it.
 */
public final class Problems {

    // the mix-in Spring's own codecs use: extra properties at the top level, nothing empty
    private static final JsonMapper JSON = JsonMapper.builder()
            .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
            .build();
    private static final int MAX_INSTANCE_LENGTH = 128;

    private Problems() {}

    public static ProblemDetail problem(HttpStatus status, String detail, ServerWebExchange exchange) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://travya.io/problems/" + slug(status)));
        problem.setTitle(status.getReasonPhrase());
        // the raw path is ASCII (percent-encoded); cut, so an error body stays small whatever the request
        String path = exchange.getRequest().getURI().getRawPath();
        problem.setInstance(
                URI.create(path.length() > MAX_INSTANCE_LENGTH ? path.substring(0, MAX_INSTANCE_LENGTH) : path));
        return problem;
    }

    /** Answers with the problem, unless an answer has already begun (then there is nothing left to do). */
    public static Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem, Map<String, String> headers) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(HttpStatus.valueOf(problem.getStatus()));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().remove("Content-Length");
        headers.forEach(response.getHeaders()::set);
        byte[] body = JSON.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
        return response.writeWith(
                Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }

    public static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail) {
        return write(exchange, problem(status, detail, exchange), Map.of());
    }

    private static String slug(HttpStatus status) {
        return status.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
