package io.travya.gateway.problem;

import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Every error the gateway itself answers with is application/problem+json: no route (404), no
 * instance of the service up (503, from LoadBalancer), an instance that could not be reached or
 * failed while answering after the safe retries (503), one that took too long (504). Before Boot's
 * own handler (order -1), which would answer with its own JSON shape.
 */
@Component
@Order(-2)
class ProblemErrorHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        HttpStatus status;
        String detail;
        if (failure instanceof ResponseStatusException refusal) {
            status = status(refusal.getStatusCode());
            detail = switch (status) {
                case NOT_FOUND -> "Nothing here: no such resource or endpoint";
                case SERVICE_UNAVAILABLE -> "The service is not available right now; retry in a moment";
                case GATEWAY_TIMEOUT -> "The service did not answer in time";
                default -> refusal.getReason() != null ? refusal.getReason() : status.getReasonPhrase();
            };
        } else if (failure instanceof TimeoutException) {
            status = HttpStatus.GATEWAY_TIMEOUT;
            detail = "The service did not answer in time";
        } else if (failure instanceof IOException || failure.getCause() instanceof IOException) {
            // refused, reset or closed: the retries that were safe have been made
            status = HttpStatus.SERVICE_UNAVAILABLE;
            detail = "The service is not available right now; retry in a moment";
        } else {
            log.error(
                    "Unexpected failure on {} {}",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    failure);
            status = HttpStatus.INTERNAL_SERVER_ERROR;
            detail = "Unexpected failure";
        }
        if (status.is5xxServerError()) {
            log.warn(
                    "{} {} answered {}: {}",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    status.value(),
                    failure.toString());
        }
        return Problems.write(exchange, status, detail);
    }

    private static HttpStatus status(HttpStatusCode code) {
        HttpStatus status = HttpStatus.resolve(code.value());
        return status != null ? status : HttpStatus.INTERNAL_SERVER_ERROR;
    }
}
