package io.travya.conversation;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** Conversations about a trip, their messages, and the travel assistant that answers them. */
@SpringBootApplication
public class ConversationServiceApplication {

    public static void main(String[] args) {
        try {
            SpringApplication.run(ConversationServiceApplication.class, args);
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
