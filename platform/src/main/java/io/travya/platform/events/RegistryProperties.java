package io.travya.platform.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the schema registry is. Any registry with a Confluent-compatible API under
 * {@code /apis/ccompat/v7} and Apicurio's own under {@code /apis/registry/v3} will do.
 *
 * @param url the registry's base URL, e.g. {@code http://127.0.0.1:8081}
 * @param startupTimeout how long start-up waits for the registry before it gives up
 */
@ConfigurationProperties("travya.registry")
public record RegistryProperties(
        @DefaultValue("http://127.0.0.1:8081") String url,
        @DefaultValue("60s") Duration startupTimeout) {

    public String apicurioApi() {
        return trimmed() + "/apis/registry/v3";
    }

    public String confluentApi() {
        return trimmed() + "/apis/ccompat/v7";
    }

    private String trimmed() {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
