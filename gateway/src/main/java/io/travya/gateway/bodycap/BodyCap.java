package io.travya.gateway.bodycap;

import io.travya.gateway.problem.Problems;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Request bodies are capped ({@code travya.gateway.max-request-body}, 1 MB by default): a declared
 * {@code Content-Length} over the cap is refused before anything is read, and a body sent without one
 * (chunked) is counted as it streams and cut at the cap. Either way 413 problem+json. Right after the
 * request id, before anything reads the body (the rate limits read a login's).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class BodyCap implements WebFilter {

    private static final String DETAIL = "The request body is larger than %d bytes, the most this API accepts";

    private final long maxBytes;

    public BodyCap(@Value("${travya.gateway.max-request-body:1MB}") DataSize max) {
        this.maxBytes = max.toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (request.getHeaders().getContentLength() > maxBytes) {
            return Problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, DETAIL.formatted(maxBytes));
        }
        ServerHttpRequest capped = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                AtomicLong seen = new AtomicLong();
                return super.getBody().handle((buffer, sink) -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > maxBytes) {
                        DataBufferUtils.release(buffer);
                        sink.error(
                                new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, DETAIL.formatted(maxBytes)));
                    } else {
                        sink.next(buffer);
                    }
                });
            }
        };
        return chain.filter(exchange.mutate().request(capped).build());
    }
}
