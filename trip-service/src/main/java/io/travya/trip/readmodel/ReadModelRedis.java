package io.travya.trip.readmodel;

import io.lettuce.core.metrics.CommandLatencyRecorder;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Redis client without Lettuce's own command latency statistics. Lettuce keeps them whenever
 * HdrHistogram and LatencyUtils are on the class path (Micrometer brings both) and only publishes them
 * as events nobody in Travya listens to, yet it records every command: at the projector's rate, one
 * more map lookup and histogram update on the I/O thread per script call.
 */
@Configuration(proxyBeanMethods = false)
class ReadModelRedis {

    @Bean
    ClientResourcesBuilderCustomizer noCommandLatencyStatistics() {
        return resources -> resources.commandLatencyRecorder(CommandLatencyRecorder.disabled());
    }
}
