package io.travya.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.web.reactive.function.client.WebClient;

class ReadinessChecksTest {

    private static final String READINESS = "/actuator/health/readiness";

    /** What the instance's readiness answers; 0 for no answer until the test ends. */
    private volatile int status = 200;

    private final CountDownLatch testOver = new CountDownLatch(1);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private HttpServer instance;
    private final WebClient client = WebClient.create();
    // generous: an answer that is there is not late even on a busy machine; one that is not is late anyway
    private final ReadinessChecks checks = new ReadinessChecks(client, Duration.ofSeconds(3));

    @BeforeEach
    void start() throws IOException {
        instance = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        instance.createContext(READINESS, exchange -> {
            int answer = status;
            if (answer == 0) {
                try {
                    testOver.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        instance.setExecutor(threads);
        instance.start();
        // the client's first request starts its event loop, which takes a while on a busy machine
        client.get()
                .uri("http://127.0.0.1:" + instance.getAddress().getPort() + READINESS)
                .retrieve()
                .toBodilessEntity()
                .block(Duration.ofMinutes(1));
    }

    @AfterEach
    void stop() {
        testOver.countDown();
        instance.stop(0);
        threads.shutdownNow();
    }

    @Test
    void anInstanceIsReadyWhileItsReadinessAnswers200AndNotReadyAtOnceWhenItAnswers503() {
        ServiceInstance service = instanceOn(instance.getAddress().getPort());

        assertThat(check(service)).isTrue();
        status = 503;
        assertThat(check(service)).isFalse();
        status = 200;
        assertThat(check(service)).as("ready again from its first ready answer").isTrue();
    }

    @Test
    void anInstanceThatRefusesTheConnectionIsNotReady() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        assertThat(check(instanceOn(closed))).isFalse();
    }

    @Test
    void aReadyInstanceThatIsSlowToAnswerStaysReadyForThreeChecksThenIsCountedDown() {
        ServiceInstance service = instanceOn(instance.getAddress().getPort());
        assertThat(check(service)).isTrue();

        status = 0;
        for (int slow = 1; slow <= ReadinessChecks.SLOW_CHECKS_TOLERATED; slow++) {
            assertThat(check(service)).as("slow check " + slow).isTrue();
        }
        assertThat(check(service)).isFalse();
    }

    @Test
    void aSlowAnswerNeverMakesAnInstanceReady() {
        ServiceInstance service = instanceOn(instance.getAddress().getPort());
        status = 503;
        assertThat(check(service)).isFalse();

        status = 0;
        assertThat(check(service)).isFalse();
    }

    private boolean check(ServiceInstance service) {
        return checks.isReady(service, READINESS).block(Duration.ofSeconds(30));
    }

    /** An instance whose API and management port are the same (as in the fake services). */
    private static ServiceInstance instanceOn(int port) {
        return new DefaultServiceInstance(
                "trip-service-0",
                "trip-service",
                "127.0.0.1",
                port,
                false,
                Map.of(InstanceHealthConfiguration.MANAGEMENT_PORT, String.valueOf(port)));
    }
}
