package io.travya.gateway.routing;

import java.net.URI;
import java.time.Duration;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.HealthCheckServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * The instances a route may pick: those of the configured list (Spring Cloud's simple discovery,
 * {@code spring.cloud.discovery.client.simple.instances.<service>[i]}) whose readiness check answers
 * 200. The services answer health on a management port of their own, different for each instance,
 * so each instance names it in its metadata ({@code management-port}); LoadBalancer's stock
 * health check would ask the API port, where the services have no actuator.
 *
 * <p>Not a {@code @Configuration}: LoadBalancer instantiates it in each service's own child context
 * (see {@link LoadBalancing}).
 */
public class InstanceHealthConfiguration {

    /** The instance metadata key that holds its management port. */
    public static final String MANAGEMENT_PORT = "management-port";

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);

    @Bean
    ServiceInstanceListSupplier healthyInstances(ConfigurableApplicationContext context) {
        WebClient client = WebClient.builder().build();
        return ServiceInstanceListSupplier.builder()
                .withDiscoveryClient()
                .with((ctx, discovered) -> new HealthCheckServiceInstanceListSupplier(
                        discovered,
                        ctx.getBean(LoadBalancerClientFactory.class),
                        (instance, path) -> isReady(client, instance, path)))
                .build(context);
    }

    static Mono<Boolean> isReady(WebClient client, ServiceInstance instance, String path) {
        return client.get()
                .uri(healthUri(instance, path))
                .exchangeToMono(response ->
                        response.releaseBody().thenReturn(response.statusCode().is2xxSuccessful()))
                .timeout(CHECK_TIMEOUT)
                .onErrorReturn(false);
    }

    static URI healthUri(ServiceInstance instance, String path) {
        String managementPort = instance.getMetadata().get(MANAGEMENT_PORT);
        return UriComponentsBuilder.fromUri(instance.getUri())
                .port(managementPort != null ? Integer.parseInt(managementPort) : instance.getPort())
                .replacePath(path)
                .build()
                .toUri();
    }
}
