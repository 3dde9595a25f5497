package io.travya.trip;

import io.travya.platform.startup.ServiceMain;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** Users, authentication, trips, itineraries and collaborators; the trip read models. */
@SpringBootApplication
public class TripServiceApplication {

    public static void main(String[] args) {
        ServiceMain.run(TripServiceApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
