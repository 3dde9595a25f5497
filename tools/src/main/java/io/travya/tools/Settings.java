package io.travya.tools;

import java.util.Map;

/** Where the stack is: the same environment variables as the services and ./travya use. */
public record Settings(
        String pgHost,
        int pgPort,
        String database,
        String pgUser,
        String pgPassword,
        String redisHost,
        int redisPort,
        String keyPrefix,
        String kafkaBootstrap,
        String tripService,
        String bookingService,
        String conversationService) {

    public static Settings fromEnvironment() {
        Map<String, String> env = System.getenv();
        return new Settings(
                env.getOrDefault("TRAVYA_PG_HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("TRAVYA_PG_PORT", "5432")),
                env.getOrDefault("TRAVYA_PG_DATABASE", "travya"),
                env.getOrDefault("TRAVYA_PG_SUPERUSER", "postgres"),
                env.getOrDefault("TRAVYA_PG_SUPERUSER_PASSWORD", "postgres"),
                env.getOrDefault("TRAVYA_REDIS_HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("TRAVYA_REDIS_PORT", "6379")),
                env.getOrDefault("TRAVYA_REDIS_KEY_PREFIX", "travya"),
                env.getOrDefault("TRAVYA_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
                "http://127.0.0.1:" + env.getOrDefault("TRIP_SERVICE_PORT", "8080"),
                "http://127.0.0.1:" + env.getOrDefault("BOOKING_SERVICE_PORT", "8082"),
                "http://127.0.0.1:" + env.getOrDefault("CONVERSATION_SERVICE_PORT", "8083"));
    }

    public Settings withDatabase(String otherDatabase, String otherKeyPrefix) {
        return new Settings(
                pgHost,
                pgPort,
                otherDatabase,
                pgUser,
                pgPassword,
                redisHost,
                redisPort,
                otherKeyPrefix,
                kafkaBootstrap,
                tripService,
                bookingService,
                conversationService);
    }

    public Settings withServices(String trip, String booking, String conversation) {
        return new Settings(
                pgHost,
                pgPort,
                database,
                pgUser,
                pgPassword,
                redisHost,
                redisPort,
                keyPrefix,
                kafkaBootstrap,
                trip,
                booking,
                conversation);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + database;
    }

    public String redisUri() {
        return "redis://" + redisHost + ":" + redisPort;
    }
}
