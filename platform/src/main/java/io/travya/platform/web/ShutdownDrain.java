package io.travya.platform.web;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The first thing a service does when told to stop: nothing, for a while. Boot reports readiness
 * REFUSING_TRAFFIC as soon as the context closes; a balancer (the gateway) that polls readiness needs
 * up to its poll interval to stop sending. Until then the service keeps taking requests as usual, with
 * its Kafka consumers still running (they stop after this phase), so what it is sent is answered; only
 * then does Tomcat's graceful shutdown close the port and finish the requests in flight. Without the
 * pause, a request sent on a pooled connection just as the port closes fails at the client, and a
 * POST cannot be retried safely.
 */
class ShutdownDrain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ShutdownDrain.class);

    private final Duration drain;
    private volatile boolean running;

    ShutdownDrain(Duration drain) {
        this.drain = drain;
    }

    /** Stopped before everything else: the web server's graceful shutdown and the Kafka listeners. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (drain.isZero() || drain.isNegative()) {
            return;
        }
        log.info("Readiness is down; serving {} more before the port closes", drain);
        try {
            Thread.sleep(drain.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
