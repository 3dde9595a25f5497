package io.travya.gateway.requestid;

import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Every request and every response carries an {@code X-Request-Id}: the client's, when it sent one
 * that is safe to log and pass on (letters, digits and {@code .-_:}, at most 128), otherwise a new
 * UUID. First of all filters, so the gateway's own refusals (429, 413, 503) carry it too.
 *
 * <p>The request's trace (the client's W3C {@code traceparent} continued in a span of the gateway's, or
 * a new one; Micrometer Tracing) is passed on to the service by Spring Cloud Gateway's observed
 * headers filter. At DEBUG, one line per request ties its request id to its trace id, which the log
 * line carries as every line written under the request does.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter implements WebFilter {

    public static final String HEADER = "X-Request-Id";

    private static final Logger log = LoggerFactory.getLogger(RequestIdFilter.class);

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String id = requestId(exchange.getRequest());
        ServerHttpRequest request = exchange.getRequest()
                .mutate()
                .headers(headers -> headers.set(HEADER, id))
                .build();
        exchange.getResponse().beforeCommit(() -> {
            // whatever a service answered, the response names the request the client is holding
            exchange.getResponse().getHeaders().set(HEADER, id);
            return Mono.empty();
        });
        Mono<Void> filtered = chain.filter(exchange.mutate().request(request).build());
        if (!log.isDebugEnabled()) {
            return filtered;
        }
        // on the signal, where the request's trace context is restored (spring.reactor.context-propagation)
        return filtered.doOnTerminate(() -> log.debug(
                "{} {} {} answered {}",
                id,
                request.getMethod(),
                request.getPath().value(),
                exchange.getResponse().getStatusCode()));
    }

    static String requestId(ServerHttpRequest request) {
        String incoming = request.getHeaders().getFirst(HEADER);
        return incoming != null
                        && VALID.matcher(incoming).matches()
                        && request.getHeaders().getOrEmpty(HEADER).size() == 1
                ? incoming
                : UUID.randomUUID().toString();
    }
}
