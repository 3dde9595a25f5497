package io.travya.gateway.routing;

import java.time.Duration;
import org.springframework.cloud.client.loadbalancer.LoadBalancerProperties;
import org.springframework.cloud.loadbalancer.core.HealthCheckServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The instances a route may pick: those of the configured list (Spring Cloud's simple discovery,
 * {@code spring.cloud.discovery.client.simple.instances.<service>[i]}) that LoadBalancer's own
 * {@link HealthCheckServiceInstanceListSupplier} finds ready, every
 * {@code spring.cloud.loadbalancer.health-check.interval}. The services answer health on a
 * management port of their own, different for each instance, so each instance names it in its
 * metadata ({@code management-port}); LoadBalancer's stock health check would ask the API port, where
 * the services have no actuator. What counts as ready is {@link ReadinessChecks}'s.
 *
 * <p>Not a {@code @Configuration}: LoadBalancer instantiates it in each service's own child context
 * (see {@link LoadBalancing}).
 */
public class InstanceHealthConfiguration {

    /** The instance metadata key that holds its management port. */
    public static final String MANAGEMENT_PORT = "management-port";

    /** The longest a check waits for an answer, whatever the interval. */
    private static final Duration MAX_CHECK_TIMEOUT = Duration.ofSeconds(3);

    @Bean
    ServiceInstanceListSupplier healthyInstances(ConfigurableApplicationContext context) {
        WebClient client = WebClient.builder().build();
        return ServiceInstanceListSupplier.builder()
                .withDiscoveryClient()
                .with((ctx, discovered) -> {
                    LoadBalancerClientFactory balancers = ctx.getBean(LoadBalancerClientFactory.class);
                    LoadBalancerProperties properties = balancers.getProperties(discovered.getServiceId());
                    Duration interval = (properties != null ? properties : new LoadBalancerProperties())
                            .getHealthCheck()
                            .getInterval();
                    ReadinessChecks checks = new ReadinessChecks(client, checkTimeout(interval));
                    return new HealthCheckServiceInstanceListSupplier(discovered, balancers, checks::isReady);
                })
                .build(context);
    }

    /**
     * Three quarters of the interval (at most 3 s): LoadBalancer cancels a check still running after one
     * interval and counts the instance down, so the check must give its own verdict before that.
     */
    static Duration checkTimeout(Duration interval) {
        Duration threeQuarters = interval.multipliedBy(3).dividedBy(4);
        return threeQuarters.compareTo(MAX_CHECK_TIMEOUT) < 0 ? threeQuarters : MAX_CHECK_TIMEOUT;
    }
}
