package io.travya.conversation;

import io.travya.platform.startup.ServiceMain;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** Conversations about a trip, their messages, and the travel assistant that answers them. */
@SpringBootApplication
public class ConversationServiceApplication {

    public static void main(String[] args) {
        ServiceMain.run(ConversationServiceApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
