package io.travya.platform.events;

import java.time.Duration;
import java.util.Map;

/**
 * The administrative step that registers the schemas of every topic of Travya, as the registry's
 * administrator: run by {@code ./travya up} (through the tools) and by docker-compose's
 * {@code schemas} set-up, before the services start. Settings from the environment:
 * {@code TRAVYA_REGISTRY_URL}, {@code TRAVYA_REGISTRY_ADMIN_USER}, {@code TRAVYA_REGISTRY_ADMIN_PASSWORD}
 * and {@code TRAVYA_TOPIC_PREFIX} (default {@code travya}).
 */
public final class RegisterSchemas {

    private RegisterSchemas() {}

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = System.getenv();
        String password = env.get("TRAVYA_REGISTRY_ADMIN_PASSWORD");
        if (password == null || password.isEmpty()) {
            System.err.println("TRAVYA_REGISTRY_ADMIN_PASSWORD is not set");
            System.exit(2);
        }
        String prefix = env.getOrDefault("TRAVYA_TOPIC_PREFIX", "travya");
        new SchemaRegistrar(
                        new RegistryProperties(
                                env.getOrDefault("TRAVYA_REGISTRY_URL", "https://127.0.0.1:8081"),
                                Duration.ofSeconds(120),
                                env.get("TRAVYA_TLS_CA")),
                        new TopicNames(prefix),
                        env.getOrDefault("TRAVYA_REGISTRY_ADMIN_USER", "admin"),
                        password)
                .registerAll();
        System.out.println("registry  schemas of every topic of prefix " + prefix + " registered");
    }
}
