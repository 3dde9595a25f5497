package io.travya.platform.events;

import io.travya.events.EventTopic;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * Registers, at start-up, the schema of every topic this service publishes, under the Confluent
 * subject naming ({@code <topic>-value}), after making the registry enforce FULL_TRANSITIVE
 * compatibility on the subject: every new schema must read what every earlier one wrote, and every
 * earlier one must read what the new one writes. Producers upgrade first and consumers belong to
 * other teams who upgrade when they choose, so a change that would break any of them is refused
 * before any event is written. The level is set before the first version is registered, so that no
 * version ever enters a subject unchecked.
 */
public class SchemaRegistrar implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistrar.class);
    static final String COMPATIBILITY = "FULL_TRANSITIVE";
    private static final MediaType SCHEMA_REGISTRY_JSON = MediaType.valueOf("application/vnd.schemaregistry.v1+json");

    private final RestClient registry;
    private final TopicNames topics;
    private final List<EventTopic> produces;
    private final Duration startupTimeout;

    public SchemaRegistrar(RegistryProperties properties, TopicNames topics, List<EventTopic> produces) {
        // HTTP/1.1 on purpose: the JDK client would otherwise offer an h2c upgrade with the request
        // body, which the registry's server leaves unread until it times out
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.registry = RestClient.builder()
                .requestFactory(new JdkClientHttpRequestFactory(http))
                .baseUrl(properties.confluentApi())
                .build();
        this.topics = topics;
        this.produces = produces;
        this.startupTimeout = properties.startupTimeout();
    }

    @Override
    public void afterPropertiesSet() throws InterruptedException {
        for (EventTopic topic : produces) {
            register(topic);
        }
    }

    /** Registers the topic's schema (idempotent) and returns the id the Confluent API knows it by. */
    public int register(EventTopic topic) throws InterruptedException {
        String subject = topics.of(topic) + "-value";
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
