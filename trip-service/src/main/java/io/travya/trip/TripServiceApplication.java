package io.travya.trip;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** Users, authentication, trips, itineraries and collaborators; the trip read models. */
@SpringBootApplication
public class TripServiceApplication {

    public static void main(String[] args) {
        try {
            SpringApplication.run(TripServiceApplication.class, args);
        } catch (Throwable startupFailure) {
            // Spring has logged why; the threads of half-started clients must not keep a service that
            // failed to start alive and silent
            System.exit(1);
        }
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
