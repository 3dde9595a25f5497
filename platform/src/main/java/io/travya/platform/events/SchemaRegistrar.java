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
 * subject naming ({@code <topic>-value}), and makes the registry enforce BACKWARD compatibility on
 * each subject, so that a change that would break a consumer is refused before any event is written.
 */
public class SchemaRegistrar implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistrar.class);
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
                int id = registerVersion(subject, topic);
                requireBackwardCompatibility(subject);
                log.info("Schema of {} registered as id {}, subject {} BACKWARD", topics.of(topic), id, subject);
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
                            "The registry refused the schema of " + subject
                                    + " as incompatible with what consumers already read: "
                                    + e.getResponseBodyAsString(),
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

    private void requireBackwardCompatibility(String subject) {
        registry.put()
                .uri("/config/{subject}", subject)
                .contentType(SCHEMA_REGISTRY_JSON)
                .body(Map.of("compatibility", "BACKWARD"))
                .retrieve()
                .toBodilessEntity();
    }
}
