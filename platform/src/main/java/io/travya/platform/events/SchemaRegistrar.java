package io.travya.platform.events;

import io.travya.events.EventTopic;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * The schemas of Travya's topics in the registry, under the Confluent subject naming
 * ({@code <topic>-value}), each subject made to enforce FULL_TRANSITIVE compatibility before its first
 * version is registered: every new schema must read what every earlier one wrote, and every earlier
 * one must read what the new one writes. Producers upgrade first and consumers belong to other teams
 * who upgrade when they choose, so a change that would break any of them is refused before any event
 * is written.
 *
 * <p>Registering is an administrative step, done with the registry's administrator login by
 * {@code ./travya up} (the tools' {@code register-schemas}), docker-compose's set-up and the tests'
 * set-up of each corner; the registry refuses writes from anyone else. The services only read: at
 * start they wait until the schemas of what they publish are there ({@link #awaitRegistered}).
 */
public class SchemaRegistrar {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistrar.class);
    static final String COMPATIBILITY = "FULL_TRANSITIVE";
    private static final MediaType SCHEMA_REGISTRY_JSON = MediaType.valueOf("application/vnd.schemaregistry.v1+json");

    private final RestClient registry;
    private final TopicNames topics;
    private final Duration startupTimeout;

    /** A registrar that only reads (what a service uses). */
    public SchemaRegistrar(RegistryProperties properties, TopicNames topics) {
        this(properties, topics, null, null);
    }

    /** A registrar that logs in (HTTP basic) to write: the registry's administrator. */
    public SchemaRegistrar(RegistryProperties properties, TopicNames topics, String username, String password) {
        // HTTP/1.1 on purpose: the JDK client would otherwise offer an h2c upgrade with the request
        // body, which the registry's server leaves unread until it times out
        HttpClient.Builder client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5));
        SSLContext trustingTravyaCa = properties.sslContext();
        if (trustingTravyaCa != null) {
            client.sslContext(trustingTravyaCa);
        }
        HttpClient http = client.build();
        RestClient.Builder builder = RestClient.builder()
                .requestFactory(new JdkClientHttpRequestFactory(http))
                .baseUrl(properties.confluentApi());
        if (username != null && !username.isEmpty()) {
            String credentials =
                    Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
            builder.defaultHeader("Authorization", "Basic " + credentials);
        }
        this.registry = builder.build();
        this.topics = topics;
        this.startupTimeout = properties.startupTimeout();
    }

    /** Registers the schema of every topic of Travya (idempotent). */
    public void registerAll() throws InterruptedException {
        for (EventTopic topic : EventTopic.values()) {
            register(topic);
        }
    }

    /** Registers the topic's schema (idempotent) and returns the id the Confluent API knows it by. */
    public int register(EventTopic topic) throws InterruptedException {
        String subject = subject(topic);
        Instant deadline = Instant.now().plus(startupTimeout);
        while (true) {
            try {
                requireFullTransitiveCompatibility(subject);
                int id = registerVersion(subject, topic);
                log.info(
                        "Schema of {} registered as id {}, subject {} {}",
                        topics.of(topic),
                        id,
                        subject,
                        COMPATIBILITY);
                return id;
            } catch (ResourceAccessException | HttpClientErrorException.TooManyRequests e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Schema registry unreachable at " + registry + ": " + e, e);
                }
                log.warn("Schema registry not reachable yet ({}); retrying", e.getMessage());
                Thread.sleep(1000);
            } catch (RestClientResponseException e) {
                if (e.getStatusCode().isSameCodeAs(HttpStatus.CONFLICT)) {
                    throw new IllegalStateException(
                            "The registry refused the schema of " + subject + " as not " + COMPATIBILITY
                                    + "-compatible with the versions it already holds: "
                                    + e.getResponseBodyAsString()
                                    + ". If this is a development stack created before event contract 1.0.0,"
                                    + " its subjects hold the unreleased 0.x schemas: reset the stack"
                                    + " (see schemas/released/README.md).",
                            e);
                }
                if (e.getStatusCode().is5xxServerError() && Instant.now().isBefore(deadline)) {
                    log.warn("Schema registry answered {}; retrying", e.getStatusCode());
                    Thread.sleep(1000);
                    continue;
                }
                throw e;
            }
        }
    }

    /**
     * Waits until the schema of each topic is registered (looked up by content, a read), up to the
     * start-up timeout; fails, naming what is missing and who registers it, if it is not.
     */
    public void awaitRegistered(List<EventTopic> wanted) throws InterruptedException {
        Instant deadline = Instant.now().plus(startupTimeout);
        for (EventTopic topic : wanted) {
            while (true) {
                try {
                    if (isRegistered(topic)) {
                        break;
                    }
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("The schema of " + topics.of(topic)
                                + " is not in the registry (subject " + subject(topic) + "). Registering is an "
                                + "administrative step: ./travya up does it, or the tools' register-schemas");
                    }
                    log.info("Waiting for the schema of {} to be registered", topics.of(topic));
                } catch (ResourceAccessException | RestClientResponseException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("Schema registry unreachable at " + registry + ": " + e, e);
                    }
                    log.warn("Schema registry not reachable yet ({}); retrying", e.getMessage());
                }
                Thread.sleep(1000);
            }
        }
    }

    /** Whether this very schema is a version of the topic's subject. */
    public boolean isRegistered(EventTopic topic) {
        try {
            registry.post()
                    .uri("/subjects/{subject}", subject(topic))
                    .contentType(SCHEMA_REGISTRY_JSON)
                    .body(Map.of("schemaType", "AVRO", "schema", topic.schema().toString()))
                    .retrieve()
                    .toBodilessEntity();
            return true;
        } catch (HttpClientErrorException.NotFound e) {
            return false;
        }
    }

    private String subject(EventTopic topic) {
        return topics.of(topic) + "-value";
    }

    private int registerVersion(String subject, EventTopic topic) {
        Map<?, ?> answer = registry.post()
                .uri("/subjects/{subject}/versions", subject)
                .contentType(SCHEMA_REGISTRY_JSON)
                .body(Map.of("schemaType", "AVRO", "schema", topic.schema().toString()))
                .retrieve()
                .body(Map.class);
        return ((Number) answer.get("id")).intValue();
    }

    private void requireFullTransitiveCompatibility(String subject) {
        registry.put()
                .uri("/config/{subject}", subject)
                .contentType(SCHEMA_REGISTRY_JSON)
                .body(Map.of("compatibility", COMPATIBILITY))
                .retrieve()
                .toBodilessEntity();
    }
}
