package io.travya.gateway.routing;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Whether an instance is ready, as LoadBalancer's {@code HealthCheckServiceInstanceListSupplier} asks
 * it on every round: its readiness on its management port answers 2xx. An instance that refuses the
 * connection or answers anything else (a stopping service answers 503, or has closed the port) is
 * not ready at once. One that does not answer within the timeout is busy, not gone: on a loaded
 * machine every instance of a service can be slow at the same moment, and marking them all down would
 * turn a slow second into 503s for every client. So a slow answer keeps the instance's last verdict,
 * for at most {@link #SLOW_CHECKS_TOLERATED} checks in a row; after that it is down until it answers.
 */
final class ReadinessChecks {

    /** Slow checks in a row that keep an instance's last verdict (about that many intervals). */
    static final int SLOW_CHECKS_TOLERATED = 3;

    private static final Logger log = LoggerFactory.getLogger(ReadinessChecks.class);

    private final WebClient client;
    private final Duration timeout;
    private final Map<URI, Verdict> verdicts = new ConcurrentHashMap<>();

    /** The last verdict on one instance, and how many checks since then did not answer in time. */
    private record Verdict(boolean ready, int slowChecks) {}

    /**
     * @param timeout how long one check waits for an answer: shorter than LoadBalancer's interval, which
     *     LoadBalancer also imposes as its own timeout (and then counts the instance down)
     */
    ReadinessChecks(WebClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    Mono<Boolean> isReady(ServiceInstance instance, String path) {
        URI uri = healthUri(instance, path);
        return client.get()
                .uri(uri)
                .exchangeToMono(response ->
                        response.releaseBody().thenReturn(response.statusCode().is2xxSuccessful()))
                .timeout(timeout)
                .map(ready -> answered(instance, uri, ready))
                .onErrorResume(TimeoutException.class, slow -> Mono.just(slow(instance, uri)))
                .onErrorResume(refused -> Mono.just(answered(instance, uri, false)));
    }

    private boolean answered(ServiceInstance instance, URI uri, boolean ready) {
        Verdict before = verdicts.put(uri, new Verdict(ready, 0));
        if (before == null || before.ready() != ready) {
            log.info("{} {} is {}", instance.getServiceId(), instance.getUri(), ready ? "ready" : "not ready");
        }
        return ready;
    }

    private boolean slow(ServiceInstance instance, URI uri) {
        Verdict verdict = verdicts.merge(
                uri,
                new Verdict(false, 1),
                (last, ignored) ->
                        new Verdict(last.ready() && last.slowChecks() < SLOW_CHECKS_TOLERATED, last.slowChecks() + 1));
        if (verdict.slowChecks() == SLOW_CHECKS_TOLERATED + 1) {
            log.info(
                    "{} {} is not ready: its readiness did not answer within {} {} times in a row",
                    instance.getServiceId(),
                    instance.getUri(),
                    timeout,
                    verdict.slowChecks());
        }
        return verdict.ready();
    }

    /** The instance's readiness, on the management port its metadata names (else its own port). */
    static URI healthUri(ServiceInstance instance, String path) {
        String managementPort = instance.getMetadata().get(InstanceHealthConfiguration.MANAGEMENT_PORT);
        return UriComponentsBuilder.fromUri(instance.getUri())
                .port(managementPort != null ? Integer.parseInt(managementPort) : instance.getPort())
                .replacePath(path)
                .build()
                .toUri();
    }
}
